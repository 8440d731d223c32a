using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Wattline.Contracts.Telemetry;

namespace Wattline.Contracts.Tests;

public sealed class SignedEnvelopeTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void SealThenOpen_AnyBodyAndNonce_RoundTrips()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll(ArbMap.Default.ArbFor<(string, ulong)>(), input =>
        {
            var (text, nonce) = input;
            var body = text ?? "";
            var sealedBytes = SignedEnvelope.Seal("dabc", Key, nonce, body);
            return SignedEnvelope.TryOpen(sealedBytes, "dabc", Key, out var openedNonce, out var opened, out var error)
                && error is null && openedNonce == nonce && Encoding.UTF8.GetString(opened) == body;
        }));
    }

    [Fact]
    public void TryOpen_AnySingleByteChanged_Refused()
    {
        var original = SignedEnvelope.Seal("dabc", Key, 42, """{"metrics":{"voltage":230.1}}""");
        var changes = Gen.Choose(0, original.Length - 1).Zip(Gen.Choose(0, 255)).Where(c => original[c.Item1] != c.Item2);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), Prop.ForAll(changes.ToArbitrary(), change =>
        {
            var bytes = (byte[])original.Clone();
            bytes[change.Item1] = (byte)change.Item2;
            return !SignedEnvelope.TryOpen(bytes, "dabc", Key, out _, out _, out var error) && error is not null;
        }));
    }

    [Fact]
    public void TryOpen_ArbitraryBytes_NeverThrows()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
        {
            SignedEnvelope.TryOpen(bytes, "dabc", Key, out _, out _, out _);
            return true;
        }));
    }

    [Fact]
    public void Seal_ProtocolTestVector_GivesDocumentedHmac()
    {
        var envelope = Encoding.UTF8.GetString(SignedEnvelope.Seal("dabc", Key, 42, """{"metrics":{"voltage":230.1}}"""));

        Assert.Contains("\"hmac\":\"b690aae4b0e58581f14e473f0eeb8708cc00e5fba142325e9453685cfe609847\"", envelope, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"nonce\":1,\"nonce\":2,\"body\":\"{}\",\"hmac\":\"00\"}", "nonce")]
    [InlineData("{\"nonce\":1,\"body\":\"\\ud800\",\"hmac\":\"00\"}", "$")]
    public void TryOpen_DuplicateKeysOrBrokenEscapes_RefusedNamingTheField(string json, string field)
    {
        Assert.False(SignedEnvelope.TryOpen(Encoding.UTF8.GetBytes(json), "dabc", Key, out _, out _, out var error));
        Assert.Equal(field, error!.Field);
    }

    [Fact]
    public void TryOpen_TrailingContentAfterValidEnvelope_Refused()
    {
        var envelope = SignedEnvelope.Seal("dabc", Key, 7, """{"metrics":{"voltage":230}}""");

        Assert.False(SignedEnvelope.TryOpen([.. envelope, .. "{}"u8.ToArray()], "dabc", Key, out _, out _, out var error));
        Assert.Equal("$", error!.Field);
    }

    [Fact]
    public void TryOpen_SignedForAnotherDevice_Refused()
    {
        var envelope = SignedEnvelope.Seal("dabc", Key, 7, """{"metrics":{"voltage":230}}""");

        Assert.False(SignedEnvelope.TryOpen(envelope, "dxyz", Key, out _, out _, out var error));
        Assert.Equal("hmac", error!.Field);
    }
}
