using System.Text.RegularExpressions;

namespace SkillScan.Pinning.Versions;

/// <summary>A container image reference `[registry[:port]/]name[:tag][@sha256:digest]` (Dockerfile FROM, docker:// actions).</summary>
public sealed record ImageReference(string Name, string? Tag, string? Digest)
{
    private static readonly Regex DigestPattern = new(@"^[a-z0-9]+([+._-][a-z0-9]+)*:[0-9a-fA-F]{32,}$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    public static ImageReference? Parse(string text)
    {
        if (text.Length == 0 || text.Length > 512 || text.Any(char.IsWhiteSpace)) return null;
        string? digest = null;
        var at = text.IndexOf('@');
        var rest = text;
        if (at >= 0)
        {
            digest = text[(at + 1)..];
            rest = text[..at];
        }
        string? tag = null;
        var lastSlash = rest.LastIndexOf('/');
        var colon = rest.IndexOf(':', lastSlash + 1);
        if (colon >= 0)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
        }
        return rest.Length == 0 ? null : new ImageReference(rest, tag, digest);
    }

    public SpecClass Classify()
    {
        if (Digest is not null) return DigestPattern.IsMatch(Digest) ? SpecClass.Exact("a content digest") : SpecClass.Floating($"the malformed digest '{Digest}'");
        if (Tag is null) return SpecClass.Floating("no tag (Docker uses 'latest')");
        if (Tag.Equals("latest", StringComparison.OrdinalIgnoreCase)) return SpecClass.Floating("the tag 'latest'");
        return new SpecClass(PinClass.Range, $"the tag '{Tag}', which the publisher can move to a new image");
    }
}
