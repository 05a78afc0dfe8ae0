namespace SkillScan.Model;

public enum NotificationLevel
{
    Note,
    Warning,
    Error,
}

/// <summary>
/// Something the scan could not do fully (file too large, symlink not followed, parse timeout...).
/// Becomes a SARIF toolExecutionNotification. Any Warning or Error makes the scan "incomplete".
/// </summary>
/// <param name="Id">Stable kebab-case id, e.g. "file-too-large", "symlink-outside-root".</param>
public sealed record ScanNotification(string Id, string Message, NotificationLevel Level, string? RepoPath = null, int? Line = null)
{
    public static ScanNotification Warning(string id, string message, string? repoPath = null) =>
        new(id, message, NotificationLevel.Warning, repoPath);

    public static ScanNotification Note(string id, string message, string? repoPath = null) =>
        new(id, message, NotificationLevel.Note, repoPath);

    public static ScanNotification Error(string id, string message, string? repoPath = null) =>
        new(id, message, NotificationLevel.Error, repoPath);
}
