using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Wattline.Contracts.Telemetry;

/// <summary>
/// A signed upload: <c>{"nonce":42,"body":"{…telemetry JSON…}","hmac":"…"}</c>. The HMAC-SHA256, in
/// lowercase hex, is over <c>{deviceId}\n{nonce}\n{body}</c> with the device's signing key. The nonce
/// is a number the device never repeats and only increases (kept across its restarts), so a captured
/// upload sent again is refused.
/// </summary>
public static class SignedEnvelope
{
    public const int KeyBytes = 32;

    /// <summary>Wraps a telemetry payload for a device; what a device with a signing key sends.</summary>
    public static byte[] Seal(string deviceId, ReadOnlySpan<byte> key, ulong nonce, string body)
    {
        var hmac = Convert.ToHexStringLower(Mac(deviceId, key, nonce, body));
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("nonce", nonce);
            json.WriteString("body", body);
            json.WriteString("hmac", hmac);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads an envelope and checks its HMAC; the caller still checks that the nonce is new.</summary>
    public static bool TryOpen(ReadOnlySpan<byte> payload, string deviceId, ReadOnlySpan<byte> key, out ulong nonce, out byte[] body, out TelemetryError? error)
    {
        nonce = 0;
        body = [];
        if (!Utf8.IsValid(payload))
        {
            error = new TelemetryError("$", "not valid UTF-8 text");
            return false;
        }

        string? text = null;
        string? hmac = null;
        var hasNonce = false;
        try
        {
            var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = 2 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = new TelemetryError("$", "this device signs its uploads: expected {\"nonce\":…,\"body\":\"…\",\"hmac\":\"…\"}");
                return false;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                if (!seen.Add(name ?? ""))
                {
                    error = new TelemetryError(name ?? "$", "appears twice");
                    return false;
                }

                reader.Read();
                switch (name)
                {
                    case "nonce" when reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out nonce):
                        hasNonce = true;
                        break;
                    case "body" when reader.TokenType == JsonTokenType.String:
                        text = reader.GetString();
                        break;
                    case "hmac" when reader.TokenType == JsonTokenType.String:
                        hmac = reader.GetString();
                        break;
                    default:
                        error = new TelemetryError(name ?? "$", "unexpected in a signed upload; expected a whole-number nonce, a string body and a hex hmac");
                        return false;
                }
            }

            // Nothing may follow the envelope: what is signed is all that is read.
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                error = new TelemetryError("$", "a signed upload is exactly one JSON object");
                return false;
            }
        }
        catch (JsonException e)
        {
            error = new TelemetryError("$", $"not valid JSON ({e.Message})");
            return false;
        }
        catch (InvalidOperationException)
        {
            error = new TelemetryError("$", "contains an escaped string that is not valid Unicode");
            return false;
        }

        error = (hasNonce, text, hmac) switch
        {
            (false, _, _) => new TelemetryError("nonce", "missing; a signed upload carries a whole-number nonce"),
            (_, null, _) => new TelemetryError("body", "missing; the telemetry JSON goes in 'body' as a string"),
            (_, _, null) => new TelemetryError("hmac", "missing"),
            _ => null,
        };
        if (error is not null)
        {
            return false;
        }

        // Compared as lowercase hex text, in fixed time: one spelling of the MAC is valid, not two.
        var expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(Mac(deviceId, key, nonce, text!)));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.UTF8.GetBytes(hmac!)))
        {
            error = new TelemetryError("hmac", "does not match; the upload was altered or signed with another key");
            return false;
        }

        body = Encoding.UTF8.GetBytes(text!);
        return true;
    }

    private static byte[] Mac(string deviceId, ReadOnlySpan<byte> key, ulong nonce, string body) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{deviceId}\n{nonce}\n{body}")));
}
