using EnergySettlement.Settlement;

namespace EnergySettlement.Tests.Settlement.Obligations;

/// <summary>
/// An obligation id is its text: the content-derived form (<c>ob-</c> + 32 lower-case hex digits), kept as 16 bytes, and
/// any other text, kept as a string, compare, hash and print exactly as their texts would.
/// </summary>
public sealed class ObligationIdTests
{
    private const string Derived = "ob-e0651a4232680c5833b2a70e9cea1d00";

    [Theory]
    [InlineData(Derived)]
    [InlineData("ob-E0651A4232680C5833B2A70E9CEA1D00")]
    [InlineData("ob-e0651a4232680c5833b2a70e9cea1d0")]
    [InlineData("ob-e0651a4232680c5833b2a70e9cea1d000")]
    [InlineData("ob-00000000000000000000000000000000")]
    [InlineData("xb-e0651a4232680c5833b2a70e9cea1d00")]
    [InlineData("legacy:42")]
    public void Value_AnyText_ReadsBackTheSameText(string text)
    {
        var id = new ObligationId(text);

        Assert.Equal(text, id.Value);
        Assert.Equal(text, id.ToString());
    }

    [Fact]
    public void Equality_IsTheTexts()
    {
        var texts = new[] { Derived, "ob-e0651a4232680c5833b2a70e9cea1d01", "ob-E0651A4232680C5833B2A70E9CEA1D00", "legacy:42", "ob-00000000000000000000000000000000" };
        foreach (var a in texts)
        {
            foreach (var b in texts)
            {
                var same = string.Equals(a, b, StringComparison.Ordinal);
                Assert.Equal(same, new ObligationId(a) == new ObligationId(b));
                Assert.Equal(same, new ObligationId(a).Equals((object)new ObligationId(b)));
                Assert.Equal(!same, new ObligationId(a) != new ObligationId(b));
                if (same)
                {
                    Assert.Equal(new ObligationId(a).GetHashCode(), new ObligationId(b).GetHashCode());
                }
            }
        }
    }

    [Fact]
    public void Default_IsNoIdAndEmptyText()
    {
        Assert.Equal(string.Empty, default(ObligationId).Value);
        Assert.NotEqual(default, new ObligationId("ob-00000000000000000000000000000000"));
        Assert.NotEqual(default, new ObligationId(Derived));
    }

    [Fact]
    public void HashSet_FindsAnIdByItsText()
    {
        var set = new HashSet<ObligationId> { new(Derived), new("legacy:42") };

        Assert.Contains(new ObligationId(string.Concat("ob-", Derived.AsSpan(3))), set);
        Assert.Contains(new ObligationId("legacy:" + 42), set);
        Assert.DoesNotContain(new ObligationId("ob-e0651a4232680c5833b2a70e9cea1d01"), set);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ob e0651a4232680c5833b2a70e9cea1d00")]
    [InlineData("ob-é0651a4232680c5833b2a70e9cea1d00")]
    public void Create_BadText_Throws(string text) => Assert.Throws<ArgumentException>(() => new ObligationId(text));

    [Fact]
    public void PlannedId_ReadBackFromItsText_IsEqual()
    {
        // A journal stores the text and reads it back: the id it makes must equal the planner's.
        var obligation = new Obligation(new MarketId("m"), DeliveryPeriod.Parse("2026-06-21T11:00:00Z/PT15M"), ObligationReason.GridFee,
            new ParticipantId("a"), new ParticipantId("b"), TestAssets.Usd(5), Energy.Parse("1 kWh"), null);

        var readBack = new ObligationId(obligation.Id.Value);

        Assert.Equal(obligation.Id, readBack);
        Assert.Equal(obligation.Id.GetHashCode(), readBack.GetHashCode());
        Assert.Matches("^ob-[0-9a-f]{32}$", obligation.Id.Value);
    }
}
