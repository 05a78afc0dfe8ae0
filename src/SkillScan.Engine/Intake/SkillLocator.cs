using SkillScan.Model;

namespace SkillScan.Intake;

/// <summary>Options for reading skills from disk.</summary>
public sealed record IntakeOptions
{
    /// <summary>Paths in reports are relative to this folder (%SRCROOT%): the current directory unless --root.</summary>
    public required string ReportRoot { get; init; }

    public long MaxFileBytes { get; init; } = 5 * 1024 * 1024;

    public int MaxFilesPerSkill { get; init; } = 20000;

    /// <summary>
    /// Bytes of all files of a skill read into memory; later files are skipped (`skill-size-limit`). 20,000 files
    /// of 5 MiB each would otherwise be 100 GB (archives have their own cap, docs/gate.md).
    /// </summary>
    public long MaxSkillBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>How deep to look for SKILL.md below a scanned folder.</summary>
    public int MaxSearchDepth { get; init; } = 8;

    /// <summary>File names never read as part of a skill (e.g. the corpus's expected.yaml labels when benchmarking).</summary>
    public IReadOnlySet<string> IgnoredFileNames { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Folder names never read (dependency caches, VCS metadata).</summary>
    public IReadOnlySet<string> SkippedFolders { get; init; } =
        new HashSet<string>(StringComparer.Ordinal) { ".git", "node_modules", ".hg", ".svn", "__pycache__", ".venv", "venv" };
}

/// <summary>
/// Finds skills under the paths given: a folder holding SKILL.md is one skill; a folder of such folders is
/// scanned skill by skill; a folder with code but no SKILL.md anywhere is scanned as one skill (and says so).
/// Archives are read by the archive intake instead.
/// </summary>
public static class SkillLocator
{
    /// <summary>Skill root folders under <paramref name="path"/>, in ordinal order.</summary>
    public static List<string> FindSkillRoots(string path, IntakeOptions options)
    {
        var full = Path.GetFullPath(path);
        if (HasSkillMd(full)) return [full];
        var roots = new List<string>();
        var stack = new Stack<(string Dir, int Depth)>();
        stack.Push((full, 0));
        while (stack.Count > 0)
        {
            var (dir, depth) = stack.Pop();
            if (depth > 0 && HasSkillMd(dir))
            {
                roots.Add(dir);
                continue; // a skill is a unit: no skills inside skills
            }
            if (depth >= options.MaxSearchDepth) continue;
            foreach (var sub in SafeSubdirectories(dir, options))
            {
                stack.Push((sub, depth + 1));
            }
        }
        if (roots.Count == 0) roots.Add(full);
        roots.Sort(StringComparer.Ordinal);
        return roots;
    }

    /// <summary>Reads one skill folder into memory, never following links, never opening FIFOs or devices.</summary>
    public static Skill ReadSkill(string skillRoot, IntakeOptions options)
    {
        var root = Path.GetFullPath(skillRoot);
        var files = new List<SkillFile>();
        var notes = new List<ScanNotification>();
        var reportRoot = Path.GetFullPath(options.ReportRoot);
        var rootRepo = RepoPath(reportRoot, root);
        if (!HasSkillMd(root))
        {
            notes.Add(ScanNotification.Note("no-skill-md", $"No SKILL.md in {DisplayPath(rootRepo)}: scanned as a plain folder.", rootRepo));
        }

        var stack = new Stack<string>();
        stack.Push(root);
        var skippedForCount = 0;
        var skippedForSize = 0;
        string? firstSkippedForSize = null;
        long bytesRead = 0;
        while (stack.Count > 0)
        {
            var dir = stack.Pop();
            IEnumerable<string> entries;
            try
            {
                entries = Directory.EnumerateFileSystemEntries(dir).Order(StringComparer.Ordinal).ToList();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                notes.Add(ScanNotification.Warning("folder-unreadable", $"Folder {RepoPath(reportRoot, dir)} could not be read: {ex.Message}", RepoPath(reportRoot, dir)));
                continue;
            }
            var subdirs = new List<string>();
            foreach (var entry in entries)
            {
                var repo = RepoPath(reportRoot, entry);
                var kind = FileSystemProbe.Classify(entry);
                switch (kind)
                {
                    case EntryKind.Directory:
                        if (!options.SkippedFolders.Contains(Path.GetFileName(entry))) subdirs.Add(entry);
                        break;
                    case EntryKind.Regular:
                        if (options.IgnoredFileNames.Contains(Path.GetFileName(entry))) break;
                        if (files.Count >= options.MaxFilesPerSkill)
                        {
                            skippedForCount++;
                            break;
                        }
                        var file = ReadFile(entry, root, repo, options, notes, options.MaxSkillBytes - bytesRead, out var overSkillSize);
                        if (overSkillSize)
                        {
                            skippedForSize++;
                            firstSkippedForSize ??= repo;
                        }
                        if (file is null) break;
                        files.Add(file);
                        bytesRead += file.Bytes.Length;
                        break;
                    case EntryKind.Symlink:
                        notes.Add(DescribeLink(entry, root, repo));
                        break;
                    case EntryKind.Missing:
                        break;
                    default:
                        notes.Add(ScanNotification.Warning("special-file-skipped",
                            $"{repo} is a {Describe(kind)}; special files are never opened.", repo));
                        break;
                }
            }
            for (var i = subdirs.Count - 1; i >= 0; i--) stack.Push(subdirs[i]);
        }
        if (skippedForCount > 0)
        {
            notes.Add(ScanNotification.Warning("file-count-limit",
                $"{DisplayPath(rootRepo)} holds more than {options.MaxFilesPerSkill} files; {skippedForCount} were not scanned.", rootRepo));
        }
        if (skippedForSize > 0)
        {
            notes.Add(ScanNotification.Warning("skill-size-limit",
                $"{DisplayPath(rootRepo)} holds more than {options.MaxSkillBytes:N0} bytes of files; {skippedForSize} were not read (the first: {firstSkippedForSize}).",
                firstSkippedForSize));
        }
        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        var skill = new Skill(Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar)), rootRepo, files);
        skill.Notifications.AddRange(notes);
        return skill;
    }

    private static SkillFile? ReadFile(string path, string root, string repo, IntakeOptions options, List<ScanNotification> notes,
        long skillBytesLeft, out bool overSkillSize)
    {
        overSkillSize = false;
        try
        {
            using var stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite, Options = FileOptions.SequentialScan,
            });
            if (stream.Length > options.MaxFileBytes)
            {
                notes.Add(ScanNotification.Warning("file-too-large",
                    $"{repo} is {stream.Length:N0} bytes, over the {options.MaxFileBytes:N0}-byte file size limit; not scanned.", repo));
                return null;
            }
            if (stream.Length > skillBytesLeft)
            {
                overSkillSize = true;
                return null;
            }
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            return new SkillFile(relative, repo, bytes, FileClassifier.Classify(Path.GetFileName(path), bytes));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            notes.Add(ScanNotification.Warning("file-unreadable", $"{repo} could not be read: {ex.Message}", repo));
            return null;
        }
    }

    private static ScanNotification DescribeLink(string entry, string root, string repo)
    {
        string? target = null;
        try
        {
            target = new FileInfo(entry).LinkTarget;
        }
        catch (IOException)
        {
        }
        var resolved = target is null ? null : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(entry)!, target));
        var inside = resolved is not null && (resolved + "/").StartsWith(root + "/", StringComparison.Ordinal);
        return inside
            ? ScanNotification.Note("symlink-skipped", $"{repo} is a symbolic link to {target}; links are not followed (the target is scanned where it lies in the skill).", repo)
            : ScanNotification.Warning("symlink-outside-root", $"{repo} is a symbolic link pointing outside the skill ({target}); it was not followed.", repo);
    }

    private static IEnumerable<string> SafeSubdirectories(string dir, IntakeOptions options)
    {
        List<string> subs;
        try
        {
            subs = Directory.EnumerateDirectories(dir).Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            yield break;
        }
        foreach (var s in subs)
        {
            if (options.SkippedFolders.Contains(Path.GetFileName(s))) continue;
            if (FileSystemProbe.Classify(s) == EntryKind.Directory) yield return s;
        }
    }

    private static bool HasSkillMd(string dir) => FileSystemProbe.Classify(Path.Combine(dir, "SKILL.md")) == EntryKind.Regular;

    /// <summary>A path relative to the report root with '/' separators; absolute paths outside it stay absolute.</summary>
    public static string RepoPath(string reportRoot, string fullPath)
    {
        var rel = Path.GetRelativePath(reportRoot, fullPath);
        if (rel == ".") return "";
        return rel.Replace('\\', '/');
    }

    private static string DisplayPath(string repoPath) => repoPath.Length == 0 ? "." : repoPath;

    private static string Describe(EntryKind kind) => kind switch
    {
        EntryKind.Fifo => "named pipe (FIFO)",
        EntryKind.CharDevice => "character device",
        EntryKind.BlockDevice => "block device",
        EntryKind.Socket => "socket",
        _ => "special file",
    };
}
