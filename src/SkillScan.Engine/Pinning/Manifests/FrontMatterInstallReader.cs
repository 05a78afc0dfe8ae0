using SkillScan.Model;
using SkillScan.Pinning.Commands;
using SkillScan.Pinning.Versions;
using SkillScan.Syntax.Markdown;

namespace SkillScan.Pinning.Manifests;

/// <summary>
/// SKILL.md front matter install specs: `metadata.openclaw.install[]` (also under the older clawdbot/clawdis/moltbot
/// keys, and when `metadata` is written as a JSON string) of kinds node, uv, pip, go, cargo and download. The agent
/// runs these when the skill is installed, so they are read as install commands. brew formulas cannot be pinned
/// to a version and are left alone. The front matter is read by the skillmd front end's <see cref="FrontMatter"/>.
/// </summary>
public sealed class FrontMatterInstallReader : IManifestReader
{
    private static readonly string[] AgentKeys = ["openclaw", "clawdbot", "clawdis", "moltbot"];

    private static readonly string[] ChecksumKeys = ["sha256", "sha512", "checksum", "hash", "integrity", "digest"];

    public bool Accepts(SkillFile file, PinningContext context) => ReferenceEquals(file, context.Skill.SkillMd);

    public void Read(PinningContext context, SkillFile file)
    {
        var document = context.Document(file);
        if (FrontMatter.Parse(file.Text).Map?["metadata"] is not { } metadata) return;
        if (metadata is YamlScalarValue { Value: var json } scalar && json.TrimStart().StartsWith('{'))
        {
            // metadata: '{"openclaw": {...}}' — the string read as YAML; positions are exact when it has no escapes.
            var content = YamlTree.ValueSpan(scalar, document);
            var exact = content.Length == json.Length && document.Slice(content) == json;
            metadata = SafeYaml.Load(json, exact ? content.Start : 0).Root ?? metadata;
            if (!exact) Agents(context, document, file, metadata, scalar.Span);
            else Agents(context, document, file, metadata, null);
            return;
        }
        Agents(context, document, file, metadata, null);
    }

    private static void Agents(PinningContext context, SourceDocument document, SkillFile file, YamlValue metadata, TextSpan? inexact)
    {
        if (metadata is not YamlMappingValue map) return;
        foreach (var agent in AgentKeys)
        {
            if ((map[agent] as YamlMappingValue)?["install"] is not YamlSequenceValue install) continue;
            foreach (var item in install.Items)
            {
                if (item is YamlMappingValue spec) Spec(context, document, file, spec, $"metadata.{agent}.install", inexact);
            }
        }
    }

    private static void Spec(PinningContext context, SourceDocument document, SkillFile file, YamlMappingValue spec, string path, TextSpan? inexact)
    {
        var kind = spec["kind"]?.AsString?.ToLowerInvariant();
        CommandWord? Word(string key)
        {
            if (spec[key] is not YamlScalarValue { Value: var value } node) return null;
            if (inexact is { } whole) return new CommandWord(value, whole, Verbatim: false);
            var span = YamlTree.ValueSpan(node, document);
            return new CommandWord(value, span, document.Slice(span) == value);
        }
        var label = $"{path} (kind: {kind}) of {file.Path}";
        var folder = PinningContext.FolderOf(file.Path);
        var package = Word("package") ?? Word("spec") ?? Word("name");
        var version = Word("version");
        CommandLine Command(string command, params CommandWord?[] words) =>
            new(command, words.OfType<CommandWord>().ToList(), document, package?.Span ?? default, folder) { Label = label };
        switch (kind)
        {
            case "node" or "npm" or "pnpm" or "yarn" or "bun":
                if (package?.Text is not { } npmPackage) return;
                var npmWord = version?.Text is { } npmVersion && NpmSpec.SplitNameAndSpec(npmPackage).Spec is null
                    ? new CommandWord($"{npmPackage}@{npmVersion}", version.Span, Verbatim: false)
                    : package;
                InstallCommands.Analyze(context, Command("npm", Literal("install"), npmWord));
                break;
            case "uv" or "uvx" or "pip" or "pipx" or "python":
                if (package?.Text is not { } pyPackage) return;
                var pyWord = version?.Text is { } pyVersion && Pep508.Parse(pyPackage) is { Specifier: "", Url: null } && !pyPackage.Contains('@')
                    ? new CommandWord(Pep440.IsVersion(pyVersion) ? $"{pyPackage}=={pyVersion}" : $"{pyPackage}{pyVersion}", version.Span, Verbatim: false)
                    : package;
                InstallCommands.Analyze(context, kind is "pip" or "python"
                    ? Command("pip", Literal("install"), pyWord)
                    : Command("uv", Literal("tool"), Literal("install"), pyWord));
                break;
            case "cargo":
                if (package is null) return;
                InstallCommands.Analyze(context, Command("cargo", Literal("install"), package, version is null ? null : Literal("--version"), version));
                break;
            case "go":
                var module = Word("module") ?? package;
                if (module?.Text is not { } moduleText) return;
                var at = moduleText.LastIndexOf('@');
                var query = at < 0 ? version?.Text : moduleText[(at + 1)..];
                var modulePath = at < 0 ? moduleText : moduleText[..at];
                DependencyReporter.ReportInstall(context, new DeclaredDependency
                {
                    Ecosystem = Ecosystem.Go,
                    Name = modulePath,
                    Spec = query,
                    Class = GoVersionQuery.Classify(query),
                    Document = document,
                    Span = module.Span,
                    Where = label,
                    Folder = folder,
                    PinnedForm = v => $"module: {modulePath}@v{v.TrimStart('v')}",
                });
                break;
            case "download":
                if (Word("url") is not { Text: { } url } urlWord) return;
                if (ChecksumKeys.Any(k => spec[k] is YamlScalarValue { Value.Length: > 0 })) return;
                var versioned = InstallerUrls.NamesVersion(url);
                context.Add(new PinIssue
                {
                    Rule = PinningRule.UnpinnedInstall,
                    Severity = versioned ? Severity.Low : Severity.Medium,
                    Document = document,
                    Span = urlWord.Span,
                    Message = $"Download \"{url}\" is not pinned: {(versioned ? "the URL names a version but no checksum is given" : "the URL names no version and no checksum is given")}. " +
                              $"Declared in {label}. The file behind a URL can be replaced at any time, and the agent installs whatever it gets. " +
                              "Add the file's sha256 to the install spec (sha256: <hex>) and use a URL that names an exact release.",
                    Package = url,
                    Evidence = new Dictionary<string, string> { ["url"] = url },
                });
                break;
        }
    }

    private static CommandWord Literal(string text) => new(text, default, Verbatim: false);
}
