namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Marks that a chain provider is registered under a name, so the registry can resolve every keyed provider.</summary>
internal sealed record ChainProviderRegistration(string Name);
