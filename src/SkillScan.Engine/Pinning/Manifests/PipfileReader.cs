using SkillScan.Model;
using SkillScan.Pinning.Commands;
using SkillScan.Pinning.Toml;
using SkillScan.Pinning.Versions;

namespace SkillScan.Pinning.Manifests;

/// <summary>
/// Pipfile: `[packages]` and `[dev-packages]` (`"*"`, PEP 440 specifiers, or tables with version/git/ref/path/file),
/// `[[source]]` indexes other than PyPI, and Pipfile.lock beside it.
/// </summary>
public sealed class PipfileReader : IManifestReader
{
    public bool Accepts(SkillFile file, PinningContext context) => file.FileName == "Pipfile";

    public void Read(PinningContext context, SkillFile file)
    {
        if (TomlFiles.Parse(context, file) is not { } root) return;
        var document = context.Document(file);
        var folder = PinningContext.FolderOf(file.Path);
        var lockfile = Lockfiles.Pipfile(context, folder);
        var registry = 0;
        TextSpan? first = null;
        foreach (var section in new[] { "packages", "dev-packages" })
        {
            if (root.Table(section) is not { } packages) continue;
            foreach (var (name, _, value) in packages.Entries)
            {
                var constraint = value as TomlString ?? (value as TomlTable)?.String("version");
                if (value is TomlTable t && constraint is null)
                {
                    PyprojectReader.SourceTable(context, document, folder, lockfile, name, t, $"[{section}] of {file.Path}");
                    continue;
                }
                if (constraint is null) continue;
                var text = constraint.Value.Trim();
                var cls = text is "" or "*" ? SpecClass.Floating("any version") : Pep440.ClassifySpecifier(text);
                if (cls is null) continue;
                registry++;
                first ??= packages.Span;
                DependencyReporter.ReportDeclared(context, new DeclaredDependency
                {
                    Ecosystem = Ecosystem.PyPI,
                    Name = name,
                    Spec = constraint.Value,
                    Class = cls,
                    Document = document,
                    Span = constraint.Value.Length == 0 ? constraint.Span : constraint.ContentSpan,
                    Where = $"[{section}] of {file.Path}",
                    Folder = folder,
                    LockedBy = lockfile?.Name,
                    LockedVersion = lockfile?.Version(Pep440.NormalizeName(name)),
                    PinnedForm = v => $"{name} = \"=={v}\"",
                    Replacement = constraint.Verbatim ? v => $"=={v}" : null,
                });
            }
        }
        // Several sources are all consulted (dependency confusion); a single private one replaces PyPI.
        var urls = (root.Array("source")?.Items ?? []).Select(s => (s as TomlTable)?.String("url")).OfType<TomlString>().ToList();
        var kind = urls.Any(u => Indexes.IsPublic(u.Value)) ? Indexes.Kind.Extra : Indexes.Kind.Replacement;
        foreach (var url in urls)
        {
            Indexes.Report(context, document, new CommandWord(url.Value, url.ContentSpan, url.Verbatim), "[[source]]", Ecosystem.PyPI, file.Path, kind);
        }
        if (lockfile is null && registry > 0 && first is { } at)
        {
            context.Add(new PinIssue
            {
                Rule = PinningRule.MissingLockfile,
                Severity = Severity.Info,
                Document = document,
                Span = at,
                Message = $"{file.Path} has no Pipfile.lock beside it: {registry} {(registry == 1 ? "package is" : "packages are")} declared, but nothing records the versions " +
                          "and hashes that were installed. Run pipenv lock and commit Pipfile.lock; install with pipenv sync.",
            });
        }
    }
}
