using SkillScan.Model;
using SkillScan.Pinning.Manifests;
using SkillScan.Pinning.Versions;

namespace SkillScan.Pinning;

/// <summary>What the manifest readers and command analysis share while they look at one skill.</summary>
public sealed class PinningContext
{
    private readonly Dictionary<SkillFile, SourceDocument> _documents = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, SkillFile> _byPath;
    private readonly Dictionary<object, object?> _cache = new();

    public PinningContext(Skill skill)
    {
        Skill = skill;
        _byPath = new Dictionary<string, SkillFile>(StringComparer.Ordinal);
        foreach (var f in skill.Files) _byPath.TryAdd(f.Path, f);
    }

    public Skill Skill { get; }

    public List<PinIssue> Issues { get; } = new();

    public List<ScanNotification> Notifications { get; } = new();

    /// <summary>npm package names declared by any package.json of the skill: `npx name` runs the local copy.</summary>
    public HashSet<string> DeclaredNpmPackages { get; } = new(StringComparer.Ordinal);

    /// <summary>Requirement files that install commands name (`pip install -r x.txt`): read even when not named requirements*.txt.</summary>
    public HashSet<string> RequirementFilesNamedByCommands { get; } = new(StringComparer.Ordinal);

    /// <summary>Files whose embedded commands (package.json scripts) a front end already turned into documents.</summary>
    public HashSet<string> FilesWithEmbeddedCommands { get; } = new(StringComparer.Ordinal);

    public void Add(PinIssue issue) => Issues.Add(issue);

    /// <summary>One document per file, so every finding in a file shares it.</summary>
    public SourceDocument Document(SkillFile file)
    {
        if (!_documents.TryGetValue(file, out var doc))
        {
            doc = SourceDocument.ForFile(file);
            _documents[file] = doc;
        }
        return doc;
    }

    public SkillFile? File(string path) => _byPath.GetValueOrDefault(path);

    /// <summary>Computes something once per skill (lockfile indexes, parsed JSON) under a key.</summary>
    public T Cached<T>(object key, Func<T> create)
    {
        if (!_cache.TryGetValue(key, out var value))
        {
            value = create();
            _cache[key] = value;
        }
        return (T)value!;
    }

    /// <summary>A JSON file parsed with positions, once; throws <see cref="System.Text.Json.JsonException"/> when it is not JSON.</summary>
    public JsonTreeNode Json(SkillFile file) => Cached(("json", file.Path), () => JsonTree.Parse(Document(file)));

    /// <summary>The first of the named files present in a folder of the skill ("" is the root).</summary>
    public SkillFile? FirstIn(string folder, params string[] names)
    {
        foreach (var name in names)
        {
            if (File(Join(folder, name)) is { } f) return f;
        }
        return null;
    }

    public void Unreadable(SkillFile file, string what, string reason, int? line = null) =>
        Notifications.Add(new ScanNotification("pinning-manifest-unreadable",
            $"{file.RepoPath}{(line is null ? "" : $":{line}")}: {what} could not be read for the pinning check: {reason}",
            NotificationLevel.Note, file.RepoPath, line));

    public static string FolderOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

    public static string Join(string folder, string relative) => folder.Length == 0 ? relative : folder + "/" + relative;

    /// <summary>
    /// The skill-relative path a relative reference from <paramref name="folder"/> resolves to, or null when it
    /// leaves the skill (`..` above the root, absolute paths, `~`).
    /// </summary>
    public static string? ResolveInside(string folder, string reference)
    {
        var r = reference.Replace('\\', '/').Trim();
        if (r.Length == 0 || r.StartsWith('/') || r.StartsWith('~') || r.Contains(':') || r.Contains('$')) return null;
        var parts = new List<string>(folder.Length == 0 ? [] : folder.Split('/'));
        foreach (var segment in r.Split('/'))
        {
            if (segment is "" or ".") continue;
            if (segment == "..")
            {
                if (parts.Count == 0) return null;
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(segment);
        }
        return string.Join('/', parts);
    }

    /// <summary>A local path spec that stays inside the skill is part of what is scanned: nothing to pin.</summary>
    public static bool IsPathInsideSkill(SpecClass spec, string folder) =>
        spec.LocalPath is { } p && ResolveInside(folder, p) is not null;
}
