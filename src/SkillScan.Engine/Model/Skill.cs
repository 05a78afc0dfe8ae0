using System.Text;

namespace SkillScan.Model;

/// <summary>One file of a skill, already read into memory by Intake (never re-opened later).</summary>
public sealed class SkillFile
{
    private string? _text;

    public SkillFile(string path, string repoPath, byte[] bytes, Language language)
    {
        Path = path;
        RepoPath = repoPath;
        Bytes = bytes;
        Language = language;
    }

    /// <summary>Path inside the skill, '/'-separated (e.g. "scripts/run.py").</summary>
    public string Path { get; }

    /// <summary>Path relative to the report root (%SRCROOT%), '/'-separated; what SARIF shows.</summary>
    public string RepoPath { get; }

    public byte[] Bytes { get; }

    public Language Language { get; }

    public string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>The file decoded as text (UTF-8 unless a BOM says otherwise; invalid bytes become U+FFFD).</summary>
    public string Text => _text ??= TextDecoding.Decode(Bytes);

    /// <summary>
    /// Drops the decoded text (two bytes a character) once the skill is analysed; reports decode again the few
    /// files they quote. A batch keeps every skill's files until it reports.
    /// </summary>
    internal void ForgetText() => _text = null;
}

/// <summary>A skill: a folder (or archive) holding SKILL.md, with every file Intake accepted.</summary>
public sealed class Skill
{
    public Skill(string name, string rootRepoPath, IReadOnlyList<SkillFile> files)
    {
        Name = name;
        RootRepoPath = rootRepoPath;
        Files = files;
    }

    /// <summary>The skill's name: its folder or archive name.</summary>
    public string Name { get; }

    /// <summary>The skill root relative to the report root ("" when the root itself is the skill).</summary>
    public string RootRepoPath { get; }

    public IReadOnlyList<SkillFile> Files { get; }

    /// <summary>What Intake skipped or refused for this skill.</summary>
    public List<ScanNotification> Notifications { get; } = new();

    /// <summary>SHA-256 of the archive the skill came from, when it came from one.</summary>
    public string? ArchiveSha256 { get; init; }

    public SkillFile? SkillMd => Files.FirstOrDefault(f => string.Equals(f.Path, "SKILL.md", StringComparison.OrdinalIgnoreCase));
}

public static class TextDecoding
{
    private static readonly Encoding Utf8Lenient = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Decodes bytes honouring a BOM (UTF-8/16/32); otherwise UTF-8 with replacement characters.</summary>
    public static string Decode(byte[] bytes)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
        {
            return Utf8Lenient.GetString(span[3..]);
        }
        if (span.StartsWith(new byte[] { 0xFF, 0xFE, 0x00, 0x00 }))
        {
            return new UTF32Encoding(false, false, false).GetString(span[4..]);
        }
        if (span.StartsWith(new byte[] { 0x00, 0x00, 0xFE, 0xFF }))
        {
            return new UTF32Encoding(true, false, false).GetString(span[4..]);
        }
        if (span.StartsWith(new byte[] { 0xFF, 0xFE }))
        {
            return new UnicodeEncoding(false, false, false).GetString(span[2..]);
        }
        if (span.StartsWith(new byte[] { 0xFE, 0xFF }))
        {
            return new UnicodeEncoding(true, false, false).GetString(span[2..]);
        }
        return DetectWideEncoding(span) is { } wide ? wide.GetString(span) : Utf8Lenient.GetString(span);
    }

    /// <summary>
    /// UTF-16/32 without a BOM, recognised by the zero bytes of ASCII text (e.g. "e\0v\0a\0l\0"); null otherwise.
    /// </summary>
    public static Encoding? DetectWideEncoding(ReadOnlySpan<byte> bytes)
    {
        var n = Math.Min(bytes.Length, 4096) & ~3;
        if (n < 8) return null;
        int[] zerosAt = new int[4];
        for (var i = 0; i < n; i++)
        {
            if (bytes[i] == 0) zerosAt[i & 3]++;
        }
        var quarter = n / 4;
        bool Mostly(int count) => count >= quarter * 0.9;
        bool Rarely(int count) => count <= quarter * 0.1;
        if (Rarely(zerosAt[0]) && Mostly(zerosAt[1]) && Mostly(zerosAt[2]) && Mostly(zerosAt[3])) return new UTF32Encoding(false, false, false);
        if (Mostly(zerosAt[0]) && Mostly(zerosAt[1]) && Mostly(zerosAt[2]) && Rarely(zerosAt[3])) return new UTF32Encoding(true, false, false);
        if (Rarely(zerosAt[0]) && Rarely(zerosAt[2]) && Mostly(zerosAt[1]) && Mostly(zerosAt[3])) return new UnicodeEncoding(false, false, false);
        if (Mostly(zerosAt[0]) && Mostly(zerosAt[2]) && Rarely(zerosAt[1]) && Rarely(zerosAt[3])) return new UnicodeEncoding(true, false, false);
        return null;
    }
}
