using System.Text.RegularExpressions;
using SkillScan.Findings;
using SkillScan.Model;
using SkillScan.Rules.Matchers;
using SkillScan.Semantics;
using SkillScan.Semantics.Markdown;

namespace SkillScan.Rules.SkillMd;

/// <summary>
/// SS3201 UndeclaredCapability.
/// <para><b>What it does:</b> compares what SKILL.md declares — its description and prose, `requires.bins`,
/// `requires.env` — with what the skill's code and SKILL.md's commands do: network access, secret environment
/// variables, the whole environment, credential files, writes outside the skill's folder. A capability used but
/// not declared (or explicitly denied: "offline, no network access") is reported at the code that uses it, naming
/// both sides. Medium; high when undeclared network meets secrets (the shape of exfiltration), or downloaded code
/// is run.</para>
/// <para><b>Why is this bad?</b> Users and agents decide from the description what a skill may do. Behaviour the
/// description hides is the behaviour that needs review.</para>
/// <para><b>Use instead:</b> say what the skill does ("calls the GitHub API"), list binaries in
/// `metadata.openclaw.requires.bins` and API keys in `requires.env`.</para>
/// </summary>
public sealed partial class UndeclaredCapabilityDetector : IBuiltinDetector
{
    private static readonly HashSet<string> NetworkBins = new(StringComparer.OrdinalIgnoreCase)
    {
        "curl", "wget", "gh", "http", "httpie", "xh", "aws", "gcloud", "az", "gsutil", "rclone", "ssh", "scp", "rsync",
        "git", "yt-dlp", "ffmpeg", "ollama", "vercel", "netlify", "wrangler", "flyctl", "heroku", "firebase", "kubectl",
        "terraform", "docker", "npm", "pip", "uv", "brew", "stripe", "twilio", "slack", "op",
    };

    public string Name => "UndeclaredCapability";

    private sealed record Use(string Group, DocumentAnalysis Document, TextSpan Span, string What);

    public void Analyze(RuleDescriptor rule, RuleContext context)
    {
        var analysis = context.Analysis;
        var manifest = SkillManifest.For(analysis);
        if (manifest.SkillMd is not { } skillMd) return;
        var declared = new DeclaredText(manifest, skillMd);
        var uses = Observe(analysis, declared).ToList();
        if (uses.Count == 0) return;
        declared.Read();

        var secretUses = uses.Where(u => u.Group is "secret-env" or "environment" or "credentials").ToList();
        var network = uses.FirstOrDefault(u => u.Group == "network");
        foreach (var group in uses.GroupBy(u => u.Group))
        {
            var first = group.First();
            var undeclared = group.Key switch
            {
                "network" => !declared.Network,
                "secret-env" => true,
                "environment" => !declared.Credentials,
                "credentials" => !declared.Credentials,
                "writes" => !declared.Writes,
                "runs-download" => !declared.Installs,
                _ => false,
            };
            if (!undeclared) continue;
            // Secrets and the network together are the shape of exfiltration: undeclared either side makes it high.
            var high = group.Key == "runs-download"
                       || (group.Key == "network" && secretUses.Count > 0)
                       || (secretUses.Contains(first) && network is not null);
            var observedAlso = group.Key == "network" && secretUses.Count > 0 ? $" and {secretUses[0].What}" : "";
            var location = first.Document.Document.Locate(first.Span);
            var message = $"Undeclared {Label(group.Key)}: {first.Document.Document.File.Path} {first.What} (line {location.Region.StartLine}){observedAlso}{More(group.Count())}, but SKILL.md {declared.Says(group.Key)}.";
            var related = new List<RelatedLocation>();
            if (manifest.DescriptionSpan is { } d) related.Add(new RelatedLocation(skillMd.Document.Locate(d), "what SKILL.md's description declares"));
            context.Report(rule, first.Document.Document, first.Span, message, high ? Severity.High : null,
                evidence: new Dictionary<string, string>
                {
                    ["observed"] = first.What,
                    ["declared"] = declared.Summary(),
                    ["capability"] = group.Key,
                },
                related: related);
        }
    }

    private static string Label(string group) => group switch
    {
        "network" => "network access",
        "secret-env" => "secret environment variable",
        "environment" => "read of the whole environment",
        "credentials" => "credential file read",
        "writes" => "write outside the skill's folder",
        _ => "execution of downloaded code",
    };

    private static string More(int count) => count > 1 ? $" ({count - 1} more place{(count > 2 ? "s" : "")})" : "";

    /// <summary>What the skill's code and SKILL.md's commands do, call by call.</summary>
    private static IEnumerable<Use> Observe(SkillAnalysis analysis, DeclaredText declared)
    {
        var indicators = Indicators.Builtin;
        var paths = BuiltinCatalogs.SensitivePaths;
        foreach (var doc in analysis.Documents)
        {
            // Code files and what SKILL.md tells the agent to run; other Markdown files' examples are documentation.
            var root = doc.Document.Root;
            if (!doc.Document.Language.IsCode() || (root.Language == Language.Markdown && !string.Equals(root.File.Path, "SKILL.md", StringComparison.OrdinalIgnoreCase))) continue;
            foreach (var call in doc.Facts.Calls)
            {
                if (call.Has("net.send") || call.Has("net.fetch") || call.Has("net.connect"))
                {
                    yield return new Use("network", doc, call.Span, $"{Verb(call)} ({call.Callee})");
                }
                var network = call.Has("net.send") || call.Has("net.connect");
                if (network && call.Inputs.Any(i => i.Taint.Any(t => t.Kind == "env.dump")))
                {
                    yield return new Use("environment", doc, call.Span, $"sends the whole environment ({call.Callee})");
                }
                if (call.Has("env.read") && call.Args.FirstOrDefault()?.Constant is { Length: > 0 } name
                         && indicators.IsSecretEnvName(name) && !declared.MentionsEnv(name))
                {
                    yield return new Use("secret-env", doc, call.Span, $"reads {name}");
                }
                if (call.Has("fs.read") && call.Args.FirstOrDefault()?.Constant is { Length: > 0 } readPath && OutsideSkill(readPath)
                    && paths.Match(readPath) is { Kind: "secret.read" or "browser.read" } secret)
                {
                    yield return new Use("credentials", doc, call.Span, $"reads {readPath} ({secret.Label})");
                }
                if (call.Has("fs.write") && call.Args.FirstOrDefault()?.Constant is { Length: > 0 } writePath && OutsideSkill(writePath))
                {
                    yield return new Use("writes", doc, call.Span, $"writes {writePath}");
                }
                if ((call.Has("proc.interpreter") || call.Has("code.eval")) && call.Inputs.Any(i => i.Taint.Any(t => t.Kind == "net.fetch")))
                {
                    yield return new Use("runs-download", doc, call.Span, $"runs downloaded code ({call.Callee})");
                }
                if (call.Inputs.SelectMany(i => i.Taint).FirstOrDefault(t => t.Kind is "secret.read" or "browser.read" && OutsideSkill(t.Detail)) is { } stolen)
                {
                    yield return new Use("credentials", doc, call.Span, $"handles {stolen.Detail} ({Capabilities.SourceKinds[stolen.Kind]})");
                }
            }
            // A credential store the code names (wallet folders, key files) is a read it prepares, even when the
            // path is joined at run time.
            if (doc.Document.Origin != DocumentOrigin.CodeBlock)
            {
                foreach (var str in doc.Facts.Strings)
                {
                    // The skill's own files (its .env) are its business; stores elsewhere on the machine are not.
                    if (str.Value.Length > 512 || str.Value.Contains("://", StringComparison.Ordinal) || !OutsideSkill(str.Value)) continue;
                    if (paths.Match(str.Value) is { Kind: "secret.read" or "browser.read" } store)
                    {
                        yield return new Use("credentials", doc, str.Span, $"names {Cut(str.Value)} ({store.Label})");
                    }
                }
            }
        }
    }

    private static string Cut(string s) => s.Length > 80 ? s[..77] + "..." : s;

    private static string Verb(CallFact call) => call.Has("net.send") ? "sends data over the network" : call.Has("net.connect") ? "opens a network connection" : "downloads from the network";

    /// <summary>Absolute, home or parent-folder paths other than temporary and device files.</summary>
    private static bool OutsideSkill(string path) =>
        (path.StartsWith('/') || path.StartsWith('~') || path.StartsWith("..", StringComparison.Ordinal) || path.StartsWith("$HOME", StringComparison.Ordinal)
         || path.StartsWith("%USERPROFILE%", StringComparison.OrdinalIgnoreCase) || WindowsRootRegex().IsMatch(path))
        && !TempPathRegex().IsMatch(path);

    /// <summary>What SKILL.md declares: its description, prose and requirements, with denials ("offline").</summary>
    private sealed partial class DeclaredText
    {
        private readonly SkillManifest _manifest;
        private readonly string _fullText;
        private string? _networkDenial;
        private string? _credentialsDenial;

        private readonly MarkdownModel _skillMd;

        public DeclaredText(SkillManifest manifest, MarkdownModel skillMd)
        {
            _manifest = manifest;
            _skillMd = skillMd;
            _fullText = skillMd.Document.Text;
        }

        /// <summary>Reads the declarations (the costly part: only once something was observed).</summary>
        public void Read()
        {
            var manifest = _manifest;
            var prose = manifest.DeclaredText + "\n" + string.Join("\n", _skillMd.Visible.Where(u => u.Kind != ProseKind.FrontMatter).Select(u => u.Text));
            var catalog = InstructionCatalog.Builtin;
            _networkDenial = NetworkDenialRegex().Match(prose) is { Success: true } n ? n.Value : null;
            _credentialsDenial = CredentialsDenialRegex().Match(prose) is { Success: true } c ? c.Value : null;
            Network = _networkDenial is null && (Declares(catalog, "network", prose) || manifest.RequiredEnv.Count > 0 || manifest.PrimaryEnv is not null
                || manifest.RequiredBins.Concat(manifest.AnyBins).Any(NetworkBins.Contains)
                || _skillMd.Urls.Any(u => !u.InCode && u.Value.Contains("://", StringComparison.Ordinal)));
            Credentials = _credentialsDenial is null && Declares(catalog, "credentials", prose);
            Writes = Declares(catalog, "writes", prose);
            Installs = Declares(catalog, "exec", prose) || manifest.RequiredBins.Count > 0 || manifest.Install.Count > 0;
        }

        /// <summary>SKILL.md says it installs or runs things (so running an installer is declared).</summary>
        public bool Installs { get; private set; }

        public bool Network { get; private set; }

        public bool Credentials { get; private set; }

        public bool Writes { get; private set; }

        public bool MentionsEnv(string name) =>
            _manifest.RequiredEnv.Contains(name) || _manifest.PrimaryEnv == name || _fullText.Contains(name, StringComparison.Ordinal);

        public string Says(string group) => group switch
        {
            "network" when _networkDenial is not null => $"says {SkillMdText.Quote(_networkDenial)}",
            "network" => $"declares no network use ({Summary()})",
            "secret-env" => $"does not name it ({Summary()})",
            "environment" or "credentials" when _credentialsDenial is not null => $"says {SkillMdText.Quote(_credentialsDenial)}",
            "environment" or "credentials" => $"declares no use of credentials ({Summary()})",
            "writes" => "declares no file writes",
            _ => $"declares nothing of the kind ({Summary()})",
        };

        public string Summary()
        {
            var description = _manifest.Description is { } d ? $"description {SkillMdText.Quote(d, 100)}" : "no description";
            var bins = _manifest.RequiredBins.Count > 0 ? string.Join(", ", _manifest.RequiredBins) : "none";
            var env = _manifest.RequiredEnv.Count > 0 ? string.Join(", ", _manifest.RequiredEnv) : "none";
            return $"{description}; requires.bins: {bins}; requires.env: {env}";
        }

        private static bool Declares(InstructionCatalog catalog, string group, string prose) =>
            catalog.Declared.TryGetValue(group, out var words)
            && words.Matches(prose).Any(m => !ProseText.IsNegated(prose, m.Index));

        [GeneratedRegex(@"\b(offline|no\s+(network|internet|web)(\s+(access|calls?|requests?|connection))?|without\s+(any\s+)?(network|internet)(\s+access)?|(does\s+not|doesn't|never|won't|will\s+not|do\s+not)\s+(access|use|need|require|contact|call|touch|connect\s+to)\s+(the\s+)?(network|internet|web|any\s+(server|service|api|remote))|local(ly)?\s+only|no\s+data\s+(leaves|is\s+sent))\b", RegexOptions.IgnoreCase)]
        private static partial Regex NetworkDenialRegex();

        [GeneratedRegex(@"\bno\s+(credentials|api\s+keys?|secrets|tokens)(\s+(needed|required))?\b|\b(does\s+not|doesn't|never)\s+(read|use|need|touch)\s+(your\s+)?(credentials|secrets|api\s+keys|tokens)\b", RegexOptions.IgnoreCase)]
        private static partial Regex CredentialsDenialRegex();
    }

    [GeneratedRegex(@"^[A-Za-z]:[\\/]")]
    private static partial Regex WindowsRootRegex();

    [GeneratedRegex(@"^(/tmp|/var/tmp|/dev/(null|stdout|stderr|tty)|/proc/self|\$TMPDIR|%TEMP%)", RegexOptions.IgnoreCase)]
    private static partial Regex TempPathRegex();
}
