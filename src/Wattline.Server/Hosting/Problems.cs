namespace Wattline.Server.Hosting;

/// <summary>Problem documents that name the offending field, as every 400 of the API does.</summary>
public static class Problems
{
    public static Microsoft.AspNetCore.Http.HttpResults.ValidationProblem Field(string field, string reason, string? title = null) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [field.Length == 0 ? "$" : field] = [reason] },
            title: title ?? "The request is not valid.");
}
