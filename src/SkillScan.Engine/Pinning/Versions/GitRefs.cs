namespace SkillScan.Pinning.Versions;

/// <summary>Git references: a full commit id is immutable; a tag, branch or short id is not.</summary>
public static class GitRefs
{
    /// <summary>A full SHA-1 (40 hex) or SHA-256 (64 hex) object id.</summary>
    public static bool IsFullCommit(string? reference) =>
        reference is { Length: 40 or 64 } && reference.All(Uri.IsHexDigit);

    /// <summary>Looks like a release tag (v1, 1.2.3, v4.1.0-rc.1) rather than a branch name.</summary>
    public static bool LooksLikeVersionTag(string reference)
    {
        var s = reference.StartsWith('v') || reference.StartsWith('V') ? reference[1..] : reference;
        if (s.Length == 0 || !char.IsAsciiDigit(s[0])) return false;
        return s.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '+' or '_');
    }

    /// <summary>Classifies a git reference (null or empty: the default branch).</summary>
    /// <param name="what">What the reference points into, for the message ("git repository").</param>
    public static SpecClass Classify(string? reference, string what)
    {
        var result = string.IsNullOrEmpty(reference) ? SpecClass.NonRegistry($"a {what} with no commit (its default branch)")
            : IsFullCommit(reference) ? SpecClass.Exact($"a {what} at a full commit id")
            : reference.Length >= 7 && reference.All(Uri.IsHexDigit) ? SpecClass.NonRegistry($"a {what} at the short commit id '{reference}'")
            : LooksLikeVersionTag(reference) ? SpecClass.NonRegistry($"a {what} at the tag '{reference}', which can be moved")
            : SpecClass.NonRegistry($"a {what} at the branch or tag '{reference}'");
        return result with { IsGit = true };
    }
}
