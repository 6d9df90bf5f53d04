namespace EnergySettlement.Matching.Tests.Grid;

public class OrderAttributesTests
{
    [Fact]
    public void Constructor_Fields_RoundTripThroughTheWord()
    {
        var attributes = new OrderAttributes(zone: 200, flags: 0xABC, requirements: 0x123);
        Assert.Equal((200, 0xABC, 0x123), (attributes.Zone, attributes.Flags, attributes.Requirements));
        Assert.Equal(attributes, OrderAttributes.FromValue(attributes.Value));
        Assert.Equal(200 | (0xABC << 8) | (0x123 << 20), attributes.Value);
    }

    [Fact]
    public void Constructor_ValueOutOfItsField_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OrderAttributes(256, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OrderAttributes(-1, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OrderAttributes(0, 0x1000, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OrderAttributes(0, 0, -1));
    }

    [Fact]
    public void FromValue_NegativeWord_ReadsRequirementsFromTopBits()
    {
        var attributes = OrderAttributes.FromValue(-1);
        Assert.Equal((255, OrderAttributes.AllFlags, OrderAttributes.AllFlags), (attributes.Zone, attributes.Flags, attributes.Requirements));
    }

    [Theory]
    [InlineData(0, 0, 0, 0, true)]
    [InlineData(0b01, 0, 0, 0b01, true)]
    [InlineData(0, 0, 0, 0b01, false)]
    [InlineData(0b11, 0, 0, 0b10, true)]
    [InlineData(0b01, 0b10, 0b10, 0b01, true)]
    [InlineData(0b01, 0b10, 0b00, 0b01, false)]
    public void IsCompatibleWith_RequirementsAgainstFlags_BothWays(int flagsA, int requiresA, int flagsB, int requiresB, bool expected)
    {
        var a = new OrderAttributes(0, flagsA, requiresA);
        var b = new OrderAttributes(5, flagsB, requiresB);
        Assert.Equal(expected, a.IsCompatibleWith(b));
        Assert.Equal(expected, b.IsCompatibleWith(a));
    }

    [Fact]
    public void IsCompatibleWith_AllFlagCombinations_AgreesWithSetInclusion()
    {
        for (int value = 0; value < 1 << 12; value++)
        {
            var a = new OrderAttributes(1, value & 7, (value >> 3) & 7);
            var b = new OrderAttributes(2, (value >> 6) & 7, (value >> 9) & 7);
            bool expected = (a.Requirements & ~b.Flags) == 0 && (b.Requirements & ~a.Flags) == 0;
            Assert.Equal(expected, a.IsCompatibleWith(b));
        }
    }

    [Fact]
    public void With_ChangesOneField()
    {
        var attributes = new OrderAttributes(1, 2, 3);
        Assert.Equal(new OrderAttributes(4, 2, 3), attributes.WithZone(4));
        Assert.Equal(new OrderAttributes(1, 5, 3), attributes.WithFlags(5));
        Assert.Equal(new OrderAttributes(1, 2, 6), attributes.WithRequirements(6));
        Assert.Equal(OrderAttributes.InZone(7), OrderAttributes.None.WithZone(7));
    }
}
