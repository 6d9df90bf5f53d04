using System.Text;
using System.Text.Json;
using CsvHelper;

namespace EnergySettlement.Cli.Input;

/// <summary>
/// Reads a trades or readings file as <see cref="InputRecord"/>s: CSV (a header row, then one record per line, comma
/// separated, <c>#</c> comments and blank lines skipped) when the name ends in <c>.csv</c>, a JSON array of objects when it
/// ends in <c>.json</c>. Every column or property must be one the format knows, so a misspelt header is an error rather
/// than a value silently ignored.
/// </summary>
internal static class InputRecords
{
    private static readonly CsvReaderOptions CsvOptions = CsvReaderOptions.Default with
    {
        Separator = ',',
        HasHeader = true,
        TrackLineNumbers = true,
        CommentPrefix = '#',
        SkipEmptyLines = true,
        TrimWhitespace = true,
        MalformedData = CsvMalformedDataHandling.Throw,
    };

    /// <summary>Reads every record of a file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="required">The fields every record must have (as written in CSV headers, snake_case).</param>
    /// <param name="optional">The other fields the format knows.</param>
    /// <returns>The records, in file order.</returns>
    /// <exception cref="InputFileException">The file is missing, of an unknown kind, malformed, has an unknown or
    /// missing column, or a record with the wrong number of fields.</exception>
    public static IReadOnlyList<InputRecord> Read(string path, IReadOnlyList<string> required, IReadOnlyList<string> optional)
    {
        if (!File.Exists(path))
        {
            throw new InputFileException(path, 0, "The file does not exist.");
        }

        var known = required.Concat(optional).ToDictionary(InputRecord.Key, n => n, StringComparer.Ordinal);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        try
        {
            return extension switch
            {
                ".csv" => ReadCsv(path, required, known),
                ".json" => ReadJson(path, required, known),
                _ => throw new InputFileException(path, 0, $"Unknown file kind '{extension}': name it .csv or .json."),
            };
        }
        catch (IOException ex)
        {
            throw new InputFileException(path, 0, $"The file cannot be read: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new InputFileException(path, 0, $"The file cannot be read: {ex.Message}", ex);
        }
    }

    private static List<InputRecord> ReadCsv(string path, IReadOnlyList<string> required, Dictionary<string, string> known)
    {
        var records = new List<InputRecord>();
        try
        {
            using var csv = CsvReader.FromFile(path, CsvOptions);
            csv.ReadHeader();
            var headers = csv.Headers;
            if (headers.Count == 0)
            {
                throw new InputFileException(path, 0, $"The file is empty; expected a header row with {string.Join(",", required)}.");
            }

            var headerLine = csv.LineNumber > 0 ? csv.LineNumber : 1;
            var keys = new string[headers.Count];
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < headers.Count; i++)
            {
                keys[i] = InputRecord.Key(headers[i]);
                if (!known.ContainsKey(keys[i]))
                {
                    throw new InputFileException(path, headerLine, $"Unknown column '{headers[i]}'; the columns are {string.Join(", ", known.Values)}.");
                }

                if (!seen.Add(keys[i]))
                {
                    throw new InputFileException(path, headerLine, $"Column '{headers[i]}' appears twice.");
                }
            }

            foreach (var name in required)
            {
                if (!seen.Contains(InputRecord.Key(name)))
                {
                    throw new InputFileException(path, headerLine, $"Column '{name}' is missing; the header must have {string.Join(", ", required)}.");
                }
            }

            while (csv.Read())
            {
                if (csv.FieldCount != keys.Length)
                {
                    throw new InputFileException(path, csv.LineNumber, $"Expected {keys.Length} fields as in the header; found {csv.FieldCount}.");
                }

                var values = new Dictionary<string, string?>(keys.Length, StringComparer.Ordinal);
                for (var i = 0; i < keys.Length; i++)
                {
                    values[keys[i]] = csv.GetString(i);
                }

                records.Add(new InputRecord(path, csv.LineNumber, values));
            }
        }
        catch (CsvFormatException ex)
        {
            throw new InputFileException(path, ex.LineNumber, $"Malformed CSV: {ex.Message}", ex);
        }

        return records;
    }

    private static List<InputRecord> ReadJson(string path, IReadOnlyList<string> required, Dictionary<string, string> known)
    {
        var bytes = File.ReadAllBytes(path);
        var records = new List<InputRecord>();
        var lines = new LineCounter(bytes);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                throw new InputFileException(path, 1, "Expected a JSON array of objects, one per record.");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var line = lines.LineOf(reader.TokenStartIndex);
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new InputFileException(path, line, $"Expected an object; found {reader.TokenType}.");
                }

                using var document = JsonDocument.ParseValue(ref reader);
                var values = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    var key = InputRecord.Key(property.Name);
                    if (!known.ContainsKey(key))
                    {
                        throw new InputFileException(path, line, $"Unknown property '{property.Name}'; the properties are {string.Join(", ", known.Values.Select(CamelCase))}.");
                    }

                    values[key] = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString(),
                        JsonValueKind.Number => property.Value.GetRawText(),
                        JsonValueKind.Null => null,
                        _ => throw new InputFileException(path, line, $"Property '{property.Name}' must be a string or a number; found {property.Value.ValueKind}."),
                    };
                }

                foreach (var name in required)
                {
                    if (!values.ContainsKey(InputRecord.Key(name)))
                    {
                        throw new InputFileException(path, line, $"Property '{CamelCase(name)}' is missing.");
                    }
                }

                records.Add(new InputRecord(path, line, values));
            }

            if (reader.TokenType != JsonTokenType.EndArray)
            {
                throw new InputFileException(path, lines.LineOf(bytes.Length), "The array is not closed.");
            }
        }
        catch (JsonException ex)
        {
            throw new InputFileException(path, (ex.LineNumber ?? -1) + 1, $"Malformed JSON: {ex.Message}", ex);
        }

        return records;
    }

    /// <summary>Writes a snake_case name as camelCase, as JSON input spells it.</summary>
    /// <param name="name">The snake_case name.</param>
    /// <returns>The camelCase name.</returns>
    public static string CamelCase(string name)
    {
        var builder = new StringBuilder(name.Length);
        var upper = false;
        foreach (var c in name)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return builder.ToString();
    }

    /// <summary>Turns byte offsets into 1-based line numbers, scanning forward only.</summary>
    private sealed class LineCounter(byte[] bytes)
    {
        private long _offset;
        private long _line = 1;

        public long LineOf(long offset)
        {
            for (; _offset < offset && _offset < bytes.Length; _offset++)
            {
                if (bytes[_offset] == (byte)'\n')
                {
                    _line++;
                }
            }

            return _line;
        }
    }
}
