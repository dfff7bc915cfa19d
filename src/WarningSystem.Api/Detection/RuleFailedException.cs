namespace WarningSystem.Detection;

/// <summary>
/// A rule threw while judging a patient's history. The message names the rule, the exception's type and where it was
/// thrown, never the original message: that may quote the patient's data, and this one is stored with the failure
/// and shown to operators. The original is not kept as the inner exception for the same reason.
/// </summary>
public sealed class RuleFailedException(string ruleId, string innerType, string message) : Exception(message)
{
    public string RuleId => ruleId;
    public string InnerType => innerType;

    public static RuleFailedException For(string ruleId, Exception e)
    {
        var frame = new System.Diagnostics.StackTrace(e, false).GetFrames().FirstOrDefault()?.GetMethod();
        var where = frame is null ? "" : $" in {frame.DeclaringType?.Name}.{frame.Name}";
        return new(ruleId, e.GetType().Name, $"Rule '{ruleId}' threw {e.GetType().Name}{where}.");
    }
}
