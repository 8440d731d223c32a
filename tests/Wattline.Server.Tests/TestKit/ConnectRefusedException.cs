using MQTTnet;

namespace Wattline.Server.Tests.TestKit;

/// <summary>The broker answered CONNECT with a failure code.</summary>
public sealed class ConnectRefusedException(MqttClientConnectResultCode resultCode, string? reason)
    : Exception($"connection refused: {resultCode} {reason}")
{
    public MqttClientConnectResultCode ResultCode { get; } = resultCode;
}
