namespace Wattline.Dashboard;

/// <summary>A refused form field (or "$" for the form as a whole) and why, worded as the server words it.</summary>
public sealed record FieldError(string Field, string Reason);
