namespace Wattline.Dashboard.Shared;

/// <summary>Questions a form asks of the server's field errors.</summary>
public static class FieldErrors
{
    /// <summary>"true" for aria-invalid when the field was refused; null (no attribute) otherwise.</summary>
    public static string? Invalid(this IReadOnlyList<FieldError> errors, string field) =>
        errors.Any(e => e.Field == field) ? "true" : null;

    /// <summary>Reasons that belong to no field of the form, as sentences.</summary>
    public static IEnumerable<string> Others(this IReadOnlyList<FieldError> errors, params string[] fields) =>
        errors.Where(e => !fields.Contains(e.Field)).Select(e => Reasons.AsSentence(e.Reason));
}
