using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Wattline.Server.Broker;

namespace Wattline.Server.Tests;

/// <summary>The CONNECT rewriter reads raw bytes from any TCP client before authentication.</summary>
public sealed class EmptyClientIdAssignerTests
{
    [Fact]
    public void TryRewrite_ArbitraryBytes_NeverThrows()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5000), Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
        {
            EmptyClientIdAssigner.TryRewrite(new ReadOnlySequence<byte>(bytes), out _, out _);
            return true;
        }));
    }

    [Fact]
    public void TryRewrite_ArbitraryBytesAfterConnectHeader_NeverThrows()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5000), Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), tail =>
        {
            byte[] bytes = [0x10, (byte)Math.Min(tail.Length, 127), .. tail];
            EmptyClientIdAssigner.TryRewrite(new ReadOnlySequence<byte>(bytes), out _, out _);
            return true;
        }));
    }

    [Fact]
    public void TryRewrite_EmptyIdCleanSessionWithWill_AssignsIdFromUserNameAndKeepsTheRest()
    {
        var packet = Connect(level: 4, flags: 0b1100_0110, clientId: "", will: ("wattline/v1/dabc/state", "offline"), user: "dabc", password: "secret");

        var status = EmptyClientIdAssigner.TryRewrite(new ReadOnlySequence<byte>(packet), out var rewritten, out _);

        Assert.Equal(EmptyClientIdAssigner.Status.Rewritten, status);
        var text = Encoding.ASCII.GetString(rewritten);
        Assert.Matches("dabc-[0-9a-f]{8}", text);
        Assert.Contains("wattline/v1/dabc/state", text, StringComparison.Ordinal);
        Assert.Contains("offline", text, StringComparison.Ordinal);
        Assert.EndsWith("secret", text, StringComparison.Ordinal);
        Assert.Equal(rewritten.Length - 2, rewritten[1]);
    }

    [Theory]
    [InlineData(4, 0b1100_0000, "")]
    [InlineData(4, 0b1100_0010, "dabc")]
    [InlineData(5, 0b1100_0010, "")]
    public void TryRewrite_IdGivenOrSessionKeptOrMqtt5_Untouched(byte level, byte flags, string clientId)
    {
        var packet = Connect(level, flags, clientId, will: null, user: "dabc", password: "secret");

        var status = EmptyClientIdAssigner.TryRewrite(new ReadOnlySequence<byte>(packet), out _, out _);

        Assert.Equal(EmptyClientIdAssigner.Status.Untouched, status);
    }

    private static byte[] Connect(byte level, byte flags, string clientId, (string Topic, string Message)? will, string user, string password)
    {
        var body = new List<byte>();
        Add(body, "MQTT");
        body.Add(level);
        body.Add(flags);
        body.AddRange([0, 60]);
        Add(body, clientId);
        if (will is { } w)
        {
            Add(body, w.Topic);
            Add(body, w.Message);
        }

        Add(body, user);
        Add(body, password);
        return [0x10, (byte)body.Count, .. body];
    }

    private static void Add(List<byte> body, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        body.AddRange([(byte)(bytes.Length >> 8), (byte)bytes.Length]);
        body.AddRange(bytes);
    }
}
