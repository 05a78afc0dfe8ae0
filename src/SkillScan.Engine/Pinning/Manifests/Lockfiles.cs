using System.Text.Json;
using SkillScan.Model;
using SkillScan.Pinning.Toml;
using SkillScan.Pinning.Versions;
using SkillScan.Syntax.Markdown;

namespace SkillScan.Pinning.Manifests;

/// <summary>A lockfile beside a manifest: its name, and the versions it resolved when it could be read.</summary>
public sealed class Lockfile
{
    private readonly Dictionary<string, string> _versions;

    public Lockfile(SkillFile file, Dictionary<string, string> versions)
    {
        File = file;
        _versions = versions;
    }

    public SkillFile File { get; }

    public string Name => File.FileName;

    /// <summary>The resolved version for a key: a package name, or "name@spec" for yarn.lock entries.</summary>
    public string? Version(params string[] keys)
    {
        foreach (var k in keys)
        {
            if (_versions.TryGetValue(k, out var v)) return v;
        }
        return null;
    }
}

/// <summary>Finds and reads the lockfiles of a folder, once per folder.</summary>
public static class Lockfiles
{
    public static readonly string[] NpmNames = ["package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock", "bun.lockb"];

    public static readonly string[] PythonNames = ["uv.lock", "poetry.lock", "pdm.lock", "pylock.toml"];

    private static readonly string[] NpmSections = ["dependencies", "devDependencies", "optionalDependencies"];

    public static Lockfile? Npm(PinningContext context, string folder) =>
        context.Cached(("npm-lock", folder), () =>
        {
            var file = context.FirstIn(folder, NpmNames);
            return file is null ? null : new Lockfile(file, ReadVersions(context, file, ReadNpmVersions));
        });

    public static Lockfile? Python(PinningContext context, string folder) =>
        context.Cached(("python-lock", folder), () =>
        {
            var file = context.FirstIn(folder, PythonNames)
                       ?? context.Skill.Files.FirstOrDefault(f => PinningContext.FolderOf(f.Path) == folder &&
                                                                  f.FileName.StartsWith("pylock.", StringComparison.Ordinal) && f.FileName.EndsWith(".toml", StringComparison.Ordinal));
            return file is null ? null : new Lockfile(file, ReadVersions(context, file, ReadTomlPackageVersions));
        });

    public static Lockfile? Pipfile(PinningContext context, string folder) =>
        context.Cached(("pipfile-lock", folder), () =>
        {
            var file = context.FirstIn(folder, "Pipfile.lock");
            return file is null ? null : new Lockfile(file, ReadVersions(context, file, ReadPipfileLockVersions));
        });

    private static Dictionary<string, string> ReadVersions(PinningContext context, SkillFile file,
        Action<PinningContext, SkillFile, Dictionary<string, string>> read)
    {
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        if (file.Language == Language.Binary) return versions;
        try
        {
            read(context, file, versions);
        }
        catch (Exception ex) when (ex is JsonException or TomlException or InvalidOperationException or ArgumentException)
        {
            context.Unreadable(file, "the lockfile", ex.Message);
        }
        return versions;
    }

    private static void ReadNpmVersions(PinningContext context, SkillFile file, Dictionary<string, string> versions)
    {
        switch (file.FileName)
        {
            case "package-lock.json" or "npm-shrinkwrap.json":
                if (context.Json(file) is not JsonTreeObject root) return;
                // lockfileVersion 2/3: "packages": { "node_modules/name": { "version": ... } }
                foreach (var p in root.Object("packages")?.Properties ?? [])
                {
                    const string prefix = "node_modules/";
                    if (!p.Name.StartsWith(prefix, StringComparison.Ordinal) || p.Name.IndexOf("/node_modules/", StringComparison.Ordinal) >= 0) continue;
                    if ((p.Value as JsonTreeObject)?.String("version")?.Value is { } v) versions.TryAdd(p.Name[prefix.Length..], v);
                }
                // lockfileVersion 1: "dependencies": { "name": { "version": ... } }
                foreach (var p in root.Object("dependencies")?.Properties ?? [])
                {
                    if ((p.Value as JsonTreeObject)?.String("version")?.Value is { } v) versions.TryAdd(p.Name, v);
                }
                break;
            case "yarn.lock":
                ReadYarnLock(file.Text, versions);
                break;
            case "pnpm-lock.yaml":
                ReadPnpmLock(file.Text, versions);
                break;
        }
    }

    /// <summary>yarn.lock v1 (`version "1.2.3"`) and berry (`version: 1.2.3`): "name@spec" keys to versions.</summary>
    private static void ReadYarnLock(string text, Dictionary<string, string> versions)
    {
        var keys = new List<string>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#') continue;
            if (!char.IsWhiteSpace(line[0]) && line.EndsWith(':'))
            {
                keys.Clear();
                foreach (var k in line[..^1].Split(','))
                {
                    var key = k.Trim().Trim('"');
                    keys.Add(key);
                    // berry writes "name@npm:^1.2.3"; npm-style lookups use "name@^1.2.3".
                    var npmAt = key.IndexOf("@npm:", StringComparison.Ordinal);
                    if (npmAt > 0) keys.Add(key[..npmAt] + "@" + key[(npmAt + 5)..]);
                }
                continue;
            }
            var trimmed = line.Trim();
            if (keys.Count > 0 && trimmed.StartsWith("version", StringComparison.Ordinal))
            {
                var v = trimmed["version".Length..].TrimStart(':', ' ').Trim().Trim('"');
                foreach (var k in keys) versions.TryAdd(k, v);
                keys.Clear();
            }
        }
    }

    /// <summary>pnpm-lock.yaml: importers["."] (v6+) or the top level (v5) dependency sections.</summary>
    private static void ReadPnpmLock(string text, Dictionary<string, string> versions)
    {
        if (SafeYaml.Load(text, 0).Root is not YamlMappingValue root) return;
        var importer = (root["importers"] as YamlMappingValue)?["."] as YamlMappingValue ?? root;
        foreach (var section in NpmSections)
        {
            if (importer[section] is not YamlMappingValue deps) continue;
            foreach (var (name, value) in deps.Pairs)
            {
                var version = value switch
                {
                    YamlScalarValue s => s.Value,
                    YamlMappingValue m => m["version"]?.AsString,
                    _ => null,
                };
                if (version is null) continue;
                // "1.2.3(react@18.2.0)" and "1.2.3_peer" carry peer suffixes.
                var cut = version.IndexOfAny(['(', '_']);
                versions.TryAdd(name, cut > 0 ? version[..cut] : version);
            }
        }
    }

    /// <summary>uv.lock, poetry.lock, pdm.lock (`[[package]]`) and pylock.toml (`[[packages]]`): normalised names to versions.</summary>
    private static void ReadTomlPackageVersions(PinningContext context, SkillFile file, Dictionary<string, string> versions)
    {
        var root = TomlReader.Parse(file.Text);
        foreach (var list in new[] { root.Array("package"), root.Array("packages") })
        {
            foreach (var item in list?.Items ?? [])
            {
                if (item is TomlTable t && t.String("name")?.Value is { } name && t.String("version")?.Value is { } version)
                {
                    versions.TryAdd(Pep440.NormalizeName(name), version);
                }
            }
        }
    }

    private static void ReadPipfileLockVersions(PinningContext context, SkillFile file, Dictionary<string, string> versions)
    {
        if (context.Json(file) is not JsonTreeObject root) return;
        foreach (var section in new[] { "default", "develop" })
        {
            foreach (var p in root.Object(section)?.Properties ?? [])
            {
                if ((p.Value as JsonTreeObject)?.String("version")?.Value is { } v && v.StartsWith("==", StringComparison.Ordinal))
                {
                    versions.TryAdd(Pep440.NormalizeName(p.Name), v[2..]);
                }
            }
        }
    }
}
