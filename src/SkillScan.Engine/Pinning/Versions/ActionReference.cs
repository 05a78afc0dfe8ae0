namespace SkillScan.Pinning.Versions;

/// <summary>A GitHub Actions `uses:` value: `owner/repo[/path]@ref`, `./local/path`, or `docker://image`.</summary>
public static class ActionReference
{
    /// <summary>Classifies a `uses:` value; null for local actions (part of the repository itself).</summary>
    public static SpecClass? Classify(string uses, out string? name)
    {
        name = null;
        uses = uses.Trim();
        if (uses.StartsWith("./", StringComparison.Ordinal) || uses.StartsWith("../", StringComparison.Ordinal)) return null;
        if (uses.StartsWith("docker://", StringComparison.OrdinalIgnoreCase))
        {
            var image = ImageReference.Parse(uses["docker://".Length..]);
            name = image?.Name;
            return image?.Classify();
        }
        var at = uses.LastIndexOf('@');
        if (at < 0)
        {
            name = uses;
            return SpecClass.Floating("no ref at all");
        }
        name = uses[..at];
        var reference = uses[(at + 1)..];
        if (GitRefs.IsFullCommit(reference)) return SpecClass.Exact("a full commit id");
        if (GitRefs.LooksLikeVersionTag(reference)) return new SpecClass(PinClass.Range, $"the tag '{reference}', which the action's owner can move");
        return SpecClass.Floating($"the branch '{reference}'");
    }
}
