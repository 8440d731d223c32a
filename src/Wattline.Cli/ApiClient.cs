using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;

namespace Wattline.Cli;

/// <summary>The server's REST API as one command sees it: typed calls that end the command with a clear message when refused.</summary>
internal sealed class ApiClient(HttpClient http, Credential credential, Uri server)
{
    public HttpClient Http => http;

    public Uri Server => server;

    public Credential Credential => credential;

    public async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        return await ReadAsync(response, type, cancellationToken);
    }

    public async Task<TResponse> PostAsync<TRequest, TResponse>(
        string path, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(path, body, requestType, cancellationToken);
        return await ReadAsync(response, responseType, cancellationToken);
    }

    public async Task<TResponse> PatchAsync<TRequest, TResponse>(
        string path, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        using var response = await http.PatchAsJsonAsync(path, body, requestType, cancellationToken);
        return await ReadAsync(response, responseType, cancellationToken);
    }

    /// <summary>A call without a body whose answer only has to be a success.</summary>
    public async Task SendAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary>A call without a body, answered with <typeparamref name="T"/>.</summary>
    public async Task<T> SendAsync<T>(HttpMethod method, string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        using var response = await http.SendAsync(request, cancellationToken);
        return await ReadAsync(response, type, cancellationToken);
    }

    public async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync(type, cancellationToken)
            ?? throw new CliFailureException(ExitCodes.Refused, $"The server answered {response.RequestMessage?.RequestUri?.AbsolutePath} without a body.");
    }

    public async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await Refusals.DescribeAsync(response, credential, server, cancellationToken);
        }
    }
}
