using SkillScan.Model;
using SkillScan.Pinning.Commands;
using SkillScan.Pinning.Versions;
using YamlDotNet.RepresentationModel;

namespace SkillScan.Pinning.Manifests;

/// <summary>
/// SKILL.md front matter install specs: `metadata.openclaw.install[]` (also under the older clawdbot/clawdis/moltbot
/// keys, and when `metadata` is written as a JSON string) of kinds node, uv, pip, go, cargo and download. The agent
/// runs these when the skill is installed, so they are read as install commands. brew formulas cannot be pinned
/// to a version and are left alone.
/// </summary>
public sealed class FrontMatterInstallReader : IManifestReader
{
    private static readonly string[] AgentKeys = ["openclaw", "clawdbot", "clawdis", "moltbot"];

    private static readonly string[] ChecksumKeys = ["sha256", "sha512", "checksum", "hash", "integrity", "digest"];

    private const int MaxNodes = 50_000;

    public bool Accepts(SkillFile file, PinningContext context) => ReferenceEquals(file, context.Skill.SkillMd);

    public void Read(PinningContext context, SkillFile file)
    {
        var document = context.Document(file);
        if (FrontMatter(document) is not var (yaml, offset)) return;
        if (Load(yaml) is not YamlMappingNode root) return;
        if (Child(root, "metadata") is not { } metadata) return;
        if (metadata is YamlScalarNode { Value: { } json } scalar && json.TrimStart().StartsWith('{'))
        {
            // metadata: '{"openclaw": {...}}' — read the string as YAML; positions are exact when it has no escapes.
            var start = offset + (int)scalar.Start.Index;
            var quoted = start < document.Text.Length && document.Text[start] is '"' or '\'';
            var contentStart = quoted ? start + 1 : start;
            var exact = contentStart + json.Length <= document.Text.Length && document.Text.Substring(contentStart, json.Length) == json;
            if (Load(json) is not YamlMappingNode inner) return;
            Agents(context, document, file, inner, exact ? contentStart : null, YamlWalk.ScalarSpan(scalar, document, offset));
            return;
        }
        if (metadata is YamlMappingNode map) Agents(context, document, file, map, offset, null);
    }

    /// <summary>The YAML between the leading `---` and the closing `---`/`...`, and its offset in the file.</summary>
    private static (string Yaml, int Offset)? FrontMatter(SourceDocument document)
    {
        var lines = document.Lines;
        var text = document.Text;
        if (lines.LineCount < 2 || text[lines.LineStart(1)..lines.LineEnd(1, text)].TrimEnd() != "---") return null;
        var start = lines.LineStart(2);
        for (var line = 2; line <= lines.LineCount; line++)
        {
            var content = text[lines.LineStart(line)..lines.LineEnd(line, text)].TrimEnd();
            if (content is "---" or "...") return (text[start..lines.LineStart(line)], start);
        }
        return null;
    }

    private static YamlNode? Load(string yaml)
    {
        // YamlStream recurses per nesting level: hostile nesting would overflow the stack (SS3202 reports it).
        if (!Syntax.Markdown.SafeYaml.IsShallow(yaml)) return null;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            return stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null;
        }
        catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or ArgumentException)
        {
            return null; // malformed front matter is the skillmd pack's finding (SS3202)
        }
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    private static string? Scalar(YamlMappingNode map, string key) => (Child(map, key) as YamlScalarNode)?.Value;

    private static void Agents(PinningContext context, SourceDocument document, SkillFile file, YamlMappingNode metadata, int? offset, TextSpan? fallback)
    {
        var seen = 0;
        foreach (var agent in AgentKeys)
        {
            if ((Child(metadata, agent) as YamlMappingNode) is not { } config || Child(config, "install") is not YamlSequenceNode install) continue;
            foreach (var item in install.Children)
            {
                if (++seen > MaxNodes) return;
                if (item is YamlMappingNode spec) Spec(context, document, file, spec, $"metadata.{agent}.install", offset, fallback);
            }
        }
    }

    private static void Spec(PinningContext context, SourceDocument document, SkillFile file, YamlMappingNode spec, string path, int? offset, TextSpan? fallback)
    {
        var kind = Scalar(spec, "kind")?.ToLowerInvariant();
        CommandWord? Word(string key)
        {
            if (Child(spec, key) is not YamlScalarNode { Value: { } value } node) return null;
            if (offset is not { } o) return new CommandWord(value, fallback ?? default, Verbatim: false);
            var span = YamlWalk.ScalarSpan(node, document, o);
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
                if (ChecksumKeys.Any(k => Child(spec, k) is YamlScalarNode { Value.Length: > 0 })) return;
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
