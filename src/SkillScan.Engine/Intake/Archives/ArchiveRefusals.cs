using SkillScan.Model;
using SkillScan.Pipeline;

namespace SkillScan.Intake.Archives;

/// <summary>
/// Notification ids for archive entries refused or limits hit. Refusals that only a crafted archive produces
/// (path traversal, absolute paths, device entries, duplicate names, bombs, deep nesting) are errors and block the
/// skill; limits an honest skill could reach (size, count, links) are warnings: the skill is incomplete, so review.
/// </summary>
public static class ArchiveRefusals
{
    public const string Traversal = "archive-entry-traversal";
    public const string AbsolutePath = "archive-entry-absolute-path";
    public const string Link = "archive-entry-link";
    public const string Device = "archive-entry-device";
    public const string Duplicate = "archive-entry-duplicate";
    public const string Unsupported = "archive-entry-unsupported";
    public const string EntryTooLarge = "archive-entry-too-large";
    public const string TooManyEntries = "archive-too-many-entries";
    public const string TooLarge = "archive-too-large";
    public const string Bomb = "archive-compression-ratio";
    public const string NestingDepth = "archive-nesting-depth";

    private static readonly HashSet<string> Hostile = new(StringComparer.Ordinal) { Traversal, AbsolutePath, Device, Duplicate, Bomb, NestingDepth };

    public static bool IsHostile(string id) => Hostile.Contains(id);

    internal static ScanNotification Refuse(string id, string message, string? repoPath) =>
        IsHostile(id) ? ScanNotification.Error(id, message, repoPath) : ScanNotification.Warning(id, message, repoPath);

    /// <summary>After the Policy stage: a skill whose archive carried a hostile entry is blocked whatever its code says.</summary>
    public static void RaiseVerdicts(IEnumerable<SkillResult> skills)
    {
        foreach (var skill in skills)
        {
            if (skill.Notifications.Any(n => IsHostile(n.Id))) skill.Verdict = Verdict.Block;
        }
    }
}
