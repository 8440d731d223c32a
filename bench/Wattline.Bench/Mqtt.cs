using MQTTnet;
using MQTTnet.Protocol;

namespace Wattline.Bench;

/// <summary>MQTT client helpers shared by the runs.</summary>
public static class Mqtt
{
    public static async Task<IMqttClient> ConnectAsync(int port, string clientId, string? user = null, string? password = null)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var builder = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(clientId).WithCleanSession();
        if (user is not null)
        {
            builder.WithCredentials(user, password);
        }

        var result = await client.ConnectAsync(builder.Build());
        return result.ResultCode == MqttClientConnectResultCode.Success
            ? client
            : throw new InvalidOperationException($"connect refused: {result.ResultCode}");
    }

    public static MqttApplicationMessage Message(string topic, string payload) =>
        new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
}
