using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Transactions;

namespace EnergySettlement.Ethereum.Tests.Transactions;

public sealed class TransactionHashTests
{
    private const string Text = "0x33469b22e9f636356c4160a87eb19df52b7412e8eac32a4a55ffe88ea8350788";

    [Fact]
    public void Parse_LowerOrUpperHex_RoundTripsToLowerCase()
    {
        TransactionHash lower = TransactionHash.Parse(Text);
        TransactionHash upper = TransactionHash.Parse("0x" + Text[2..].ToUpperInvariant());

        Assert.Equal(lower, upper);
        Assert.Equal(Text, upper.ToString());
        Assert.Equal(Hex.Decode(Text), lower.ToArray());
        Assert.Equal(lower, TransactionHash.FromBytes(lower.ToArray()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("33469b22e9f636356c4160a87eb19df52b7412e8eac32a4a55ffe88ea8350788")]
    [InlineData("0x33469b22e9f636356c4160a87eb19df52b7412e8eac32a4a55ffe88ea835078")]
    [InlineData("0x33469b22e9f636356c4160a87eb19df52b7412e8eac32a4a55ffe88ea835078g")]
    [InlineData("0x0x469b22e9f636356c4160a87eb19df52b7412e8eac32a4a55ffe88ea8350788")]
    [InlineData("0X33469b22e9f636356c4160a87eb19df52b7412e8eac32a4a55ffe88ea8350788")]
    public void Parse_Malformed_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => TransactionHash.Parse(text));
        Assert.False(TransactionHash.TryParse(text, out _));
    }

    [Fact]
    public void FromBytes_WrongLength_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => TransactionHash.FromBytes(new byte[31]));
        Assert.Throws<ArgumentException>(() => SigningHash.FromBytes(new byte[33]));
    }

    [Fact]
    public void SignedTransaction_ToString_ShowsTypeHashSenderAndNonce()
    {
        using Secp256k1PrivateKey key = TestKeys.Eip155Example();
        var transaction = new LegacyTransaction
        {
            ChainId = 1,
            Nonce = 9,
            GasPrice = 20_000_000_000UL,
            GasLimit = 21_000,
            To = EthereumAddress.Parse("0x3535353535353535353535353535353535353535"),
            Value = 1_000_000_000_000_000_000UL,
        };

        string text = transaction.Sign(key).ToString();

        Assert.Equal($"Legacy transaction {Text} from 0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F, nonce 9", text);
    }

    [Fact]
    public void AccessListEntry_Equality_ComparesAddressAndKeysInOrder()
    {
        EthereumAddress address = EthereumAddress.Parse("0xde0b295669a9fd93d5f28d9ec85e40f4cb697bae");
        var a = new AccessListEntry(address, [UInt256.One, UInt256.Zero]);
        var b = new AccessListEntry(address, [UInt256.One, UInt256.Zero]);
        var swapped = new AccessListEntry(address, [UInt256.Zero, UInt256.One]);

        Assert.Equal(a, b);
        Assert.NotEqual(a, swapped);
        Assert.Equal(new AccessListEntry(address, default), new AccessListEntry(address, []));
        Assert.Empty(default(AccessListEntry).StorageKeys);
    }
}
