namespace SkillScan.Model;

/// <summary>What an attacker gains if the finding is real. Decides SARIF level and security-severity.</summary>
public enum Severity
{
    Info,
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>How often the rule is right when it fires (SARIF `precision`).</summary>
public enum Precision
{
    Low,
    Medium,
    High,
    VeryHigh,
}

/// <summary>The gate's answer for one skill.</summary>
public enum Verdict
{
    Pass,
    Review,
    Block,
}

public static class SeverityInfo
{
    public static string ToId(this Severity s) => s.ToString().ToLowerInvariant();

    public static string ToId(this Precision p) => p switch
    {
        Precision.VeryHigh => "very-high",
        _ => p.ToString().ToLowerInvariant(),
    };

    public static string ToId(this Verdict v) => v.ToString().ToLowerInvariant();

    public static bool TryParseSeverity(string s, out Severity severity) =>
        Enum.TryParse(s, ignoreCase: true, out severity) && Enum.IsDefined(severity);

    public static bool TryParsePrecision(string s, out Precision precision)
    {
        if (string.Equals(s, "very-high", StringComparison.OrdinalIgnoreCase))
        {
            precision = Precision.VeryHigh;
            return true;
        }
        return Enum.TryParse(s, ignoreCase: true, out precision) && Enum.IsDefined(precision);
    }

    /// <summary>SARIF result level: critical/high are errors (block), medium warnings (review), low/info notes.</summary>
    public static string SarifLevel(this Severity s) => s switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };

    /// <summary>GitHub's security-severity score (string "0.0"–"10.0"): ≥9 critical, 7–8.9 high, 4–6.9 medium, &lt;4 low.</summary>
    public static string SecurityScore(this Severity s) => s switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        Severity.Low => "3.0",
        _ => "1.0",
    };

    /// <summary>The verdict a finding of this severity implies on its own.</summary>
    public static Verdict ImpliedVerdict(this Severity s) => s switch
    {
        Severity.Critical or Severity.High => Verdict.Block,
        Severity.Medium => Verdict.Review,
        _ => Verdict.Pass,
    };
}
