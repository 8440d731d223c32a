using Wattline.Server.Notifications;

namespace Wattline.Server.Tests.Notifications;

/// <summary>The signature receivers check, with vectors any language can reproduce (also in docs/notifications.md).</summary>
public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Body = """{"event":"alert.raised","alert":{"id":42}}""";
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1735689600);

    [Theory]
    [InlineData(Secret, 1735689600, Body, "3c2bc84b3f4135bd11e5ea130ebd1b4f7f42225244a627b6be649a17220edaa7")]
    [InlineData("secret", 0, "", "3445798a051818ef95def46c2eb62b43d377ce6e3c29b4d0aec3da0e59577f79")]
    public void Compute_KnownVector_MatchesHmacSha256Hex(string secret, long unixSeconds, string body, string expected) =>
        Assert.Equal(expected, WebhookSignature.Compute(secret, unixSeconds, body));

    [Fact]
    public void Header_KnownVector_CarriesTimestampAndSignature() =>
        Assert.Equal("t=1735689600,v1=3c2bc84b3f4135bd11e5ea130ebd1b4f7f42225244a627b6be649a17220edaa7", WebhookSignature.Header(Secret, 1735689600, Body));

    [Fact]
    public void Verify_OwnHeader_Accepted() =>
        Assert.True(WebhookSignature.Verify(Secret, WebhookSignature.Header(Secret, 1735689600, Body), Body, SignedAt.AddMinutes(1), WebhookSignature.DefaultTolerance));

    [Fact]
    public void Verify_ChangedBody_Rejected() =>
        Assert.False(WebhookSignature.Verify(Secret, WebhookSignature.Header(Secret, 1735689600, Body), Body.Replace("42", "43", StringComparison.Ordinal), SignedAt, WebhookSignature.DefaultTolerance));

    [Fact]
    public void Verify_OtherSecret_Rejected() =>
        Assert.False(WebhookSignature.Verify("whsec_other", WebhookSignature.Header(Secret, 1735689600, Body), Body, SignedAt, WebhookSignature.DefaultTolerance));

    [Fact]
    public void Verify_OldTimestamp_Rejected() =>
        Assert.False(WebhookSignature.Verify(Secret, WebhookSignature.Header(Secret, 1735689600, Body), Body, SignedAt.AddMinutes(6), WebhookSignature.DefaultTolerance));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1=3c2bc84b3f4135bd11e5ea130ebd1b4f7f42225244a627b6be649a17220edaa7")]
    [InlineData("t=1735689600")]
    [InlineData("t=abc,v1=00")]
    public void Verify_MalformedHeader_Rejected(string? header) =>
        Assert.False(WebhookSignature.Verify(Secret, header, Body, SignedAt, WebhookSignature.DefaultTolerance));

    [Fact]
    public void After_EachFailure_WaitsLongerThenGivesUp()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), DeliveryBackoff.After(1));
        Assert.Equal(TimeSpan.FromHours(6), DeliveryBackoff.After(6));
        Assert.Null(DeliveryBackoff.After(7));
        Assert.Equal(7, DeliveryBackoff.MaxAttempts);
    }
}
