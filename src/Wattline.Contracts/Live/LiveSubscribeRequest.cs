namespace Wattline.Contracts.Live;

/// <summary>
/// What a live client sends to choose its devices: <c>{"subscribe":["id1","id2"]}</c> or
/// <c>{"subscribe":["*"]}</c> for every device; <c>{"unsubscribe":[…]}</c> stops some.
/// </summary>
public sealed record LiveSubscribeRequest(IReadOnlyList<string>? Subscribe, IReadOnlyList<string>? Unsubscribe);
