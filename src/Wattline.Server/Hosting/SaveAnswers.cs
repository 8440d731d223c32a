using Microsoft.AspNetCore.Http.HttpResults;

namespace Wattline.Server.Hosting;

/// <summary>The answers to saving something of a home: created at its address, replaced, not found, or the refused field.</summary>
public static class SaveAnswers
{
    /// <summary>A new one: created at <c>/api/v1/homes/{homeId}/{collection}/{id}</c>, or the refused field.</summary>
    public static Results<Created<T>, ValidationProblem> Created<T>(string homeId, string collection, Func<T, string> id, (T? Value, string? Field, string? Reason) saved)
        where T : class =>
        saved.Value is { } value
            ? TypedResults.Created($"/api/v1/homes/{homeId}/{collection}/{id(value)}", value)
            : Problems.Field(saved.Field!, saved.Reason!, $"The {collection.TrimEnd('s').Replace('-', ' ')} was refused.");

    /// <summary>A replaced one: it, not found (all null), or the refused field.</summary>
    public static Results<Ok<T>, NotFound, ValidationProblem> Updated<T>(string kind, (T? Value, string? Field, string? Reason) saved)
        where T : class =>
        saved.Value is { } value ? TypedResults.Ok(value)
            : saved.Field is null ? TypedResults.NotFound()
            : Problems.Field(saved.Field, saved.Reason!, $"The {kind} was refused.");
}
