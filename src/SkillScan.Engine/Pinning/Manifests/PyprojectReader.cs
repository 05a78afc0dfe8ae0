using SkillScan.Model;
using SkillScan.Pinning.Commands;
using SkillScan.Pinning.Toml;
using SkillScan.Pinning.Versions;

namespace SkillScan.Pinning.Manifests;

/// <summary>
/// pyproject.toml: PEP 621 `dependencies` and `optional-dependencies`, PEP 735 `dependency-groups`, build-system
/// requirements (one level lower: no lockfile covers them), Poetry dependency tables and groups, uv sources, and
/// extra package indexes (uv, Poetry, PDM). Lockfiles beside it: uv.lock, poetry.lock, pdm.lock, pylock.toml.
/// </summary>
public sealed class PyprojectReader : IManifestReader
{
    public bool Accepts(SkillFile file, PinningContext context) => file.FileName == "pyproject.toml";

    public void Read(PinningContext context, SkillFile file)
    {
        if (TomlFiles.Parse(context, file) is not { } root) return;
        var document = context.Document(file);
        var folder = PinningContext.FolderOf(file.Path);
        var lockfile = Lockfiles.Python(context, folder);
        var runtime = 0;
        TextSpan? firstRuntime = null;

        var project = root.Table("project");
        if (project?.Array("dependencies") is { } dependencies)
        {
            runtime += Requirements(context, document, folder, lockfile, dependencies, $"[project] dependencies of {file.Path}", demoted: false);
            firstRuntime ??= KeySpan(project, "dependencies");
        }
        foreach (var (group, _, value) in project?.Table("optional-dependencies")?.Entries ?? [])
        {
            if (value is TomlArray list) Requirements(context, document, folder, lockfile, list, $"optional dependencies '{group}' of {file.Path}", demoted: false);
        }
        foreach (var (group, _, value) in root.Table("dependency-groups")?.Entries ?? [])
        {
            if (value is TomlArray list) Requirements(context, document, folder, lockfile, list, $"dependency group '{group}' of {file.Path}", demoted: false);
        }
        if (root.Path("build-system")?.Array("requires") is { } build)
        {
            Requirements(context, document, folder, null, build, $"[build-system] requires of {file.Path}", demoted: true);
        }

        var poetry = root.Path("tool.poetry");
        if (poetry is not null)
        {
            if (poetry.Table("dependencies") is { } main)
            {
                runtime += PoetryDependencies(context, document, folder, lockfile, main, $"[tool.poetry.dependencies] of {file.Path}");
                firstRuntime ??= main.Span;
            }
            if (poetry.Table("dev-dependencies") is { } dev) PoetryDependencies(context, document, folder, lockfile, dev, $"[tool.poetry.dev-dependencies] of {file.Path}");
            foreach (var (group, _, value) in poetry.Table("group")?.Entries ?? [])
            {
                if ((value as TomlTable)?.Table("dependencies") is { } deps) PoetryDependencies(context, document, folder, lockfile, deps, $"Poetry group '{group}' of {file.Path}");
            }
            foreach (var source in poetry.Array("source")?.Items ?? []) ReportIndex(context, document, source as TomlTable, "url", "[[tool.poetry.source]]", file.Path);
        }

        foreach (var (name, _, value) in root.Path("tool.uv.sources")?.Entries ?? [])
        {
            if (value is TomlTable source) SourceTable(context, document, folder, lockfile, name, source, $"[tool.uv.sources] of {file.Path}");
        }
        foreach (var index in root.Path("tool.uv")?.Array("index")?.Items ?? []) ReportIndex(context, document, index as TomlTable, "url", "[[tool.uv.index]]", file.Path);
        foreach (var key in new[] { "index-url", "extra-index-url" })
        {
            foreach (var url in Strings(root.Path("tool.uv")?[key])) ReportIndex(context, document, url, $"tool.uv {key}", file.Path, Indexes.KindOf("--" + key));
        }
        foreach (var source in root.Path("tool.pdm")?.Array("source")?.Items ?? []) ReportIndex(context, document, source as TomlTable, "url", "[[tool.pdm.source]]", file.Path);

        if (lockfile is null && runtime > 0 && firstRuntime is { } at)
        {
            context.Add(new PinIssue
            {
                Rule = PinningRule.MissingLockfile,
                Severity = Severity.Info,
                Document = document,
                Span = at,
                Message = $"{file.Path} has no lockfile: {runtime} runtime {(runtime == 1 ? "dependency is" : "dependencies are")} declared, but nothing records which versions " +
                          "of them and of their own dependencies were installed. Commit uv.lock (uv lock), poetry.lock (poetry lock) or pdm.lock beside it.",
            });
        }
    }

    private static TextSpan? KeySpan(TomlTable table, string key) =>
        table.Entries.Where(e => e.Key == key).Select(e => (TextSpan?)e.KeySpan).FirstOrDefault();

    private static IEnumerable<TomlString> Strings(TomlNode? node) => node switch
    {
        TomlString s => [s],
        TomlArray a => a.Items.OfType<TomlString>(),
        _ => [],
    };

    /// <summary>A list of PEP 508 strings; returns how many are registry requirements.</summary>
    private static int Requirements(PinningContext context, SourceDocument document, string folder, Lockfile? lockfile, TomlArray list, string where, bool demoted)
    {
        var count = 0;
        foreach (var item in list.Items)
        {
            if (item is not TomlString s) continue; // {include-group = "..."} and the like
            if (PythonRequirements.Report(context, document, folder, lockfile, s.Value, (a, b) => s.ValueSpan(a, b), s.Verbatim, where, demoted)) count++;
        }
        return count;
    }

    /// <summary>Poetry: `name = "^1.2"` or `name = { version = "...", git = "...", path = "...", url = "..." }`.</summary>
    private static int PoetryDependencies(PinningContext context, SourceDocument document, string folder, Lockfile? lockfile, TomlTable table, string where)
    {
        var count = 0;
        foreach (var (name, keySpan, value) in table.Entries)
        {
            if (name.Equals("python", StringComparison.OrdinalIgnoreCase)) continue; // the interpreter constraint
            var constraint = value as TomlString ?? (value as TomlTable)?.String("version");
            if (value is TomlTable t && constraint is null)
            {
                SourceTable(context, document, folder, lockfile, name, t, where);
                continue;
            }
            if (constraint is null) continue;
            var cls = OperatorConstraint.Classify(constraint.Value, ConstraintDialect.Poetry);
            if (cls is null) continue;
            count++;
            DependencyReporter.ReportDeclared(context, new DeclaredDependency
            {
                Ecosystem = Ecosystem.PyPI,
                Name = name,
                Spec = constraint.Value,
                Class = cls,
                Document = document,
                Span = constraint.Value.Length == 0 ? constraint.Span : constraint.ContentSpan,
                Where = where,
                Folder = folder,
                LockedBy = lockfile?.Name,
                LockedVersion = lockfile?.Version(Pep440.NormalizeName(name)),
                PinnedForm = v => $"{name} = \"{v}\"",
                Replacement = constraint.Verbatim ? v => v : null,
            });
        }
        return count;
    }

    /// <summary>A dependency from a git repository, URL or path (Poetry tables, uv sources, Pipfile tables).</summary>
    internal static void SourceTable(PinningContext context, SourceDocument document, string folder, Lockfile? lockfile, string name, TomlTable source, string where)
    {
        SpecClass? cls = null;
        TomlNode? at = null;
        if (source.String("git") is { } git)
        {
            var reference = source.String("rev") ?? source.String("ref") ?? source.String("tag") ?? source.String("branch");
            cls = GitRefs.Classify(reference?.Value, "git repository");
            at = reference ?? (TomlNode)git;
        }
        else if ((source.String("url") ?? source.String("file")) is { } url)
        {
            cls = PythonReference.Classify(url.Value);
            at = url;
        }
        else if (source.String("path") is { } path)
        {
            cls = new SpecClass(PinClass.NonRegistry, "a local path") { LocalPath = path.Value };
            at = path;
        }
        if (cls is null || at is null) return;
        DependencyReporter.ReportDeclared(context, new DeclaredDependency
        {
            Ecosystem = Ecosystem.PyPI,
            Name = name,
            Spec = (at as TomlString)?.Value,
            Class = cls,
            Document = document,
            Span = at is TomlString s ? s.ContentSpan : at.Span,
            Where = where,
            Folder = folder,
            LockedBy = lockfile?.Name,
            PinnedForm = v => $"{name} = \"{v}\"",
        });
    }

    private static void ReportIndex(PinningContext context, SourceDocument document, TomlTable? table, string key, string what, string path)
    {
        if (table?.String(key) is { } url) ReportIndex(context, document, url, what, path, Indexes.Kind.Replacement);
    }

    private static void ReportIndex(PinningContext context, SourceDocument document, TomlString url, string what, string path, Indexes.Kind kind) =>
        Indexes.Report(context, document, new CommandWord(url.Value, url.ContentSpan, url.Verbatim), what, Ecosystem.PyPI, path, kind);
}

/// <summary>A PEP 508 requirement written in a string (pyproject arrays), reported with positions inside the string.</summary>
internal static class PythonRequirements
{
    /// <summary>Reports one requirement; true when it is a registry requirement (counts toward "needs a lockfile").</summary>
    public static bool Report(PinningContext context, SourceDocument document, string folder, Lockfile? lockfile, string text,
        Func<int, int, TextSpan> span, bool verbatim, string where, bool demoted)
    {
        var requirement = Pep508.Parse(text);
        if (requirement is null) return false;
        var demotion = demoted ? "Build requirements are installed in an isolated environment that no lockfile covers, so they are reported one level lower." : null;
        if (requirement.Url is not null)
        {
            DependencyReporter.ReportDeclared(context, new DeclaredDependency
            {
                Ecosystem = Ecosystem.PyPI,
                Name = requirement.Name,
                Class = PythonReference.Classify(requirement.Url),
                Document = document,
                Span = span(requirement.UrlRange.Start, requirement.UrlRange.End),
                Where = where,
                Folder = folder,
                PinnedForm = v => $"\"{requirement.Name}=={v}\"",
                Demoted = demoted,
                DemotedBecause = demotion,
            });
            return false;
        }
        var cls = Pep440.ClassifySpecifier(requirement.Specifier);
        if (cls is null) return false;
        var hasSpecifier = requirement.Specifier.Length > 0;
        var (rangeStart, rangeEnd) = requirement.Range;
        var written = text[rangeStart..rangeEnd];
        DependencyReporter.ReportDeclared(context, new DeclaredDependency
        {
            Ecosystem = Ecosystem.PyPI,
            Name = requirement.Name,
            Spec = hasSpecifier ? requirement.Specifier : null,
            Class = cls,
            Document = document,
            Span = hasSpecifier ? span(requirement.SpecifierRange.Start, requirement.SpecifierRange.End) : span(rangeStart, rangeEnd),
            Where = where,
            Folder = folder,
            LockedBy = lockfile?.Name,
            LockedVersion = lockfile?.Version(Pep440.NormalizeName(requirement.Name)),
            PinnedForm = v => $"\"{requirement.Name}=={v}\"",
            Replacement = !verbatim ? null : hasSpecifier ? v => $"=={v}" : v => $"{written}=={v}",
            Demoted = demoted,
            DemotedBecause = demotion,
        });
        return true;
    }
}

/// <summary>Parses TOML manifests once, reporting unreadable ones as notes.</summary>
internal static class TomlFiles
{
    public static TomlTable? Parse(PinningContext context, SkillFile file) =>
        context.Cached(("toml", file.Path), () =>
        {
            try
            {
                return TomlReader.Parse(file.Text);
            }
            catch (TomlException ex)
            {
                var (line, _) = context.Document(file).Lines.Position(ex.Offset);
                context.Unreadable(file, "the TOML file", ex.Message, line);
                return null;
            }
        });
}
