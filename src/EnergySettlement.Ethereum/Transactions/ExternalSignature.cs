using EnergySettlement.Chains;
using EnergySettlement.Crypto;

namespace EnergySettlement.Ethereum.Transactions;

/// <summary>Turns what an <see cref="ISigner"/> returned into a low-S signature with the Ethereum recovery id (0 or 1).</summary>
internal static class ExternalSignature
{
    public static RecoverableSignature Normalize(ReadOnlySpan<byte> digest, DigestSignature answer, Secp256k1PublicKey expectedKey)
    {
        if (!EcdsaSignature.TryFromCompact(answer.RS, out EcdsaSignature signature))
        {
            throw new TransactionSigningException("The signer returned a signature whose r or s is not between 1 and n - 1.");
        }

        bool wasHighS = !signature.IsLowS;
        EcdsaSignature lowS = signature.NormalizeS();

        // Negating s mirrors the nonce point, which flips the parity of its y coordinate: the recovery id's low bit.
        if (answer.RecoveryId is int given)
        {
            byte adjusted = (byte)(wasHighS ? given ^ 1 : given);
            if (adjusted <= 1 && Recovers(digest, lowS, adjusted, expectedKey))
            {
                return new RecoverableSignature(lowS, adjusted);
            }
        }

        for (byte id = 0; id <= 1; id++)
        {
            if (Recovers(digest, lowS, id, expectedKey))
            {
                return new RecoverableSignature(lowS, id);
            }
        }

        throw new TransactionSigningException(
            "The signer's signature does not match its public key for this transaction's signing hash (or needs a recovery id above 1, which Ethereum cannot carry).");
    }

    private static bool Recovers(ReadOnlySpan<byte> digest, EcdsaSignature signature, byte recoveryId, Secp256k1PublicKey expectedKey)
        => Secp256k1PublicKey.TryRecover(digest, new RecoverableSignature(signature, recoveryId), out Secp256k1PublicKey recovered)
            && recovered == expectedKey;
}
