using SkillScan.Model;
using SkillScan.Pinning.Commands;
using SkillScan.Pinning.Versions;

namespace SkillScan.Pinning.Manifests;

/// <summary>
/// package.json: every kind of dependency (dependencies, devDependencies, optionalDependencies, peer
/// dependencies from outside the registry, overrides/resolutions), lockfile presence, and install commands in
/// its scripts.
/// </summary>
public sealed class PackageJsonReader : IManifestReader
{
    private static readonly string[] InstalledSections = ["dependencies", "devDependencies", "optionalDependencies"];

    public bool Accepts(SkillFile file, PinningContext context) => file.FileName == "package.json";

    public void Read(PinningContext context, SkillFile file)
    {
        if (context.Json(file) is not JsonTreeObject root) return;
        var document = context.Document(file);
        var folder = PinningContext.FolderOf(file.Path);
        var lockfile = Lockfiles.Npm(context, folder);
        var registryDependencies = 0;
        TextSpan? firstSection = null;

        foreach (var section in InstalledSections.Append("peerDependencies"))
        {
            var property = root.Properties.LastOrDefault(p => p.Name == section);
            if (property?.Value is not JsonTreeObject deps) continue;
            foreach (var dep in deps.Properties)
            {
                if (dep.Value is not JsonTreeString spec) continue;
                context.DeclaredNpmPackages.Add(dep.Name);
                var cls = NpmSpec.Classify(spec.Value);
                if (cls is null) continue;
                // Peer ranges state compatibility, they are not what gets installed: only non-registry sources matter.
                if (section == "peerDependencies" && cls.Class != PinClass.NonRegistry) continue;
                if (section != "peerDependencies" && cls.Class != PinClass.NonRegistry)
                {
                    registryDependencies++;
                    firstSection ??= property.NameSpan;
                }
                Report(context, file, document, folder, lockfile, dep.Name, spec, cls, $"{section} of {file.Path}");
            }
        }

        // overrides (npm), resolutions (yarn), pnpm.overrides: nested maps of name → spec.
        foreach (var overrides in new[] { root.Object("overrides"), root.Object("resolutions"), root.Object("pnpm")?.Object("overrides") })
        {
            if (overrides is null) continue;
            var stack = new Stack<JsonTreeObject>();
            stack.Push(overrides);
            while (stack.Count > 0)
            {
                foreach (var p in stack.Pop().Properties)
                {
                    if (p.Value is JsonTreeObject nested)
                    {
                        stack.Push(nested);
                        continue;
                    }
                    if (p.Value is not JsonTreeString spec || spec.Value.StartsWith('$')) continue;
                    var name = p.Name == "." ? "." : OverrideTarget(p.Name);
                    if (NpmSpec.Classify(spec.Value) is { } cls) Report(context, file, document, folder, lockfile, name, spec, cls, $"overrides of {file.Path}");
                }
            }
        }

        if (lockfile is null && registryDependencies > 0 && firstSection is { } at)
        {
            context.Add(new PinIssue
            {
                Rule = PinningRule.MissingLockfile,
                Severity = Severity.Info,
                Document = document,
                Span = at,
                Message = $"{file.Path} has no lockfile: {registryDependencies} registry {(registryDependencies == 1 ? "dependency is" : "dependencies are")} declared, " +
                          "but nothing records which versions of them and of their own dependencies were installed. " +
                          $"Without one, transitive dependencies float even when direct ones are exact. Commit a lockfile beside it " +
                          "(npm install --package-lock-only writes package-lock.json) and install with npm ci.",
                Evidence = new Dictionary<string, string> { ["dependencies"] = registryDependencies.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            });
        }
    }

    private static void Report(PinningContext context, SkillFile file, SourceDocument document, string folder, Lockfile? lockfile,
        string name, JsonTreeString spec, SpecClass cls, string where)
    {
        var value = spec.Value;
        var alias = value.StartsWith("npm:", StringComparison.Ordinal) ? NpmSpec.SplitNameAndSpec(value[4..]).Name : null;
        var lookupName = alias ?? name;
        DependencyReporter.ReportDeclared(context, new DeclaredDependency
        {
            Ecosystem = Ecosystem.Npm,
            Name = name,
            Spec = value,
            Class = cls,
            Document = document,
            Span = value.Length == 0 ? spec.Span : spec.ContentSpan,
            Where = where,
            Folder = folder,
            LockedBy = lockfile?.Name,
            LockedVersion = cls.Class == PinClass.NonRegistry ? null : lockfile?.Version($"{lookupName}@{value}", name),
            PinnedForm = v => $"\"{name}\": \"{(alias is null ? v : $"npm:{alias}@{v}")}\"",
            Replacement = spec.Verbatim && cls.Class != PinClass.NonRegistry ? v => alias is null ? v : $"npm:{alias}@{v}" : null,
        });
    }

    /// <summary>An override key may carry a spec of its own ("foo@^1.0.0"): the package is the part before it.</summary>
    private static string OverrideTarget(string key) => NpmSpec.SplitNameAndSpec(key).Name ?? key;
}

/// <summary>Install commands in package.json scripts (`"postinstall": "npx x"`), when no front end made them documents.</summary>
public sealed class PackageScriptsReader : IManifestReader
{
    public bool Accepts(SkillFile file, PinningContext context) => file.FileName == "package.json";

    public void Read(PinningContext context, SkillFile file)
    {
        if (context.Json(file) is not JsonTreeObject root || root.Object("scripts") is not { } scripts) return;
        if (context.FilesWithEmbeddedCommands.Contains(file.Path)) return; // the shell front end already read them
        var document = context.Document(file);
        var folder = PinningContext.FolderOf(file.Path);
        foreach (var script in scripts.Properties)
        {
            if (script.Value is not JsonTreeString command) continue;
            var words = ShellWords.Split(command.Value, (s, e) => command.ValueSpan(s, e), exactPositions: command.Verbatim);
            foreach (var (name, args, span) in words)
            {
                InstallCommands.Analyze(context, new CommandLine(name, args, document, span, folder));
            }
        }
    }
}
