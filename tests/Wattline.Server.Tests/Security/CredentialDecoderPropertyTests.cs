using FsCheck;
using FsCheck.Fluent;
using Wattline.Server.Accounts;
using Wattline.Server.Devices;

namespace Wattline.Server.Tests.Security;

/// <summary>The parsers of untrusted credentials, fed arbitrary input: they answer, never throw.</summary>
public sealed class CredentialDecoderPropertyTests
{
    private static readonly Config Many = Config.QuickThrowOnFailure.WithMaxTest(5000);

    [Fact]
    public void SecretShape_ArbitraryStrings_NeverThrowsAndOnlyAcceptsTheExactShape()
    {
        Check.One(Many, Prop.ForAll(ArbMap.Default.ArbFor<string>(), value =>
        {
            var refresh = SecretTokens.HasShape(value, SecretTokens.RefreshPrefix);
            var key = SecretTokens.HasShape(value, SecretTokens.ApiKeyPrefix);
            return (!refresh && !key) || value.Length == SecretTokens.Length;
        }));
    }

    [Fact]
    public void SecretShape_IssuedSecrets_AlwaysAccepted()
    {
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(SecretTokens.HasShape(SecretTokens.New(SecretTokens.RefreshPrefix), SecretTokens.RefreshPrefix));
            Assert.True(SecretTokens.HasShape(SecretTokens.New(SecretTokens.ApiKeyPrefix), SecretTokens.ApiKeyPrefix));
        }
    }

    [Fact]
    public void ClaimCode_ArbitraryStrings_NeverThrowsAndNormalizesToEightCodeCharacters()
    {
        Check.One(Many, Prop.ForAll(ArbMap.Default.ArbFor<string>(), value =>
        {
            var normalized = ClaimCodes.Normalize(value);
            return normalized is null || (normalized.Length == 8 && ClaimCodes.Normalize(normalized) == normalized && normalized.All(char.IsAsciiLetterOrDigit));
        }));
    }

    [Fact]
    public void ClaimCode_AsTypedByPeople_SameHash()
    {
        for (var i = 0; i < 200; i++)
        {
            var code = ClaimCodes.New();
            var typed = " " + code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal) + " ";
            Assert.Equal(ClaimCodes.Hash(code), ClaimCodes.Hash(typed));
        }
    }

    [Fact]
    public void PasswordRules_ArbitraryStrings_NeverThrow()
    {
        Check.One(Many, Prop.ForAll(ArbMap.Default.ArbFor<string>(), ArbMap.Default.ArbFor<string>(), (password, user) =>
        {
            _ = PasswordRules.Check(password ?? "", user);
            return true;
        }));
    }

    [Theory]
    [InlineData("correct-battery-staple")]
    [InlineData("Tea at five by the canal")]
    [InlineData("7 green herons, 3 otters")]
    [InlineData("zählerstand-am-morgen")]
    public void PasswordRules_Passphrases_Accepted(string password)
    {
        Assert.Null(PasswordRules.Check(password, "olivia"));
    }
}
