using SkillScan.Model;
using SkillScan.Pinning.Versions;

namespace SkillScan.Pinning.Commands;

/// <summary>
/// Reads install commands — npm/pnpm/yarn/bun add|install, npx/bunx/dlx, pip/pip3/python -m pip/uv pip install,
/// uv add/tool, uvx, pipx, go install|get|run, cargo install, gem install, dotnet tool install/add package, and
/// skill installs (clawhub/skill/openclaw) — and reports each package they fetch that is not pinned.
/// </summary>
public static class InstallCommands
{
    private static readonly HashSet<string> NpmInstallVerbs = new(StringComparer.Ordinal)
    {
        "install", "i", "in", "ins", "inst", "insta", "instal", "isnt", "isnta", "isntal", "isntall", "add",
    };

    private static readonly HashSet<string> NpmValueFlags = new(StringComparer.Ordinal)
    {
        "--registry", "--prefix", "--cache", "--tag", "-w", "--workspace", "--omit", "--include", "--userconfig", "--globalconfig",
        "--loglevel", "--install-strategy", "-C", "--dir", "--filter", "--cwd", "--modules-folder", "--network-timeout",
        "--save-prefix", "--before", "--scope",
    };

    private static readonly HashSet<string> NpxValueFlags = new(StringComparer.Ordinal)
    {
        "-p", "--package", "-c", "--call", "--registry", "--cache", "--userconfig", "--prefix", "-w", "--workspace",
        "--node-options", "--shell", "--loglevel",
    };

    private static readonly HashSet<string> PythonValueFlags = new(StringComparer.Ordinal)
    {
        "-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url", "--extra-index-url", "-f",
        "--find-links", "-t", "--target", "--prefix", "--root", "--platform", "--python-version", "--implementation", "--abi",
        "--trusted-host", "--progress-bar", "--src", "--upgrade-strategy", "--cache-dir", "--log", "--proxy", "--retries",
        "--timeout", "--exists-action", "--cert", "--client-cert", "-C", "--config-settings", "--global-option",
        "--install-option", "--no-binary", "--only-binary", "--python", "-p", "--report", "--root-user-action",
        "--keyring-provider", "--group", "--index", "--default-index", "--index-strategy", "--with", "--with-requirements",
        "--with-editable", "--from", "--extra", "--optional", "--override", "--exclude-newer", "--resolution", "--prerelease",
        "--link-mode", "--reinstall-package", "--upgrade-package", "-P", "--refresh-package", "--python-platform",
        "--directory", "--project", "--config-file", "--color", "--env-file", "--suffix", "--pip-args", "--spec",
    };

    private static readonly HashSet<string> GoValueFlags = new(StringComparer.Ordinal)
    {
        "-o", "-tags", "-ldflags", "-gcflags", "-asmflags", "-mod", "-modfile", "-C", "-p", "-exec", "-overlay", "-pkgdir",
        "-toolexec", "-buildmode", "-compiler", "-gccgoflags", "-installsuffix", "-pgo", "-coverpkg",
    };

    private static readonly HashSet<string> CargoValueFlags = new(StringComparer.Ordinal)
    {
        "--version", "--vers", "--git", "--branch", "--tag", "--rev", "--path", "--root", "--registry", "--index", "--target",
        "--target-dir", "--profile", "-F", "--features", "-j", "--jobs", "--bin", "--example", "--config", "-Z", "--color",
    };

    private static readonly HashSet<string> GemValueFlags = new(StringComparer.Ordinal)
    {
        "-v", "--version", "-s", "--source", "-i", "--install-dir", "-n", "--bindir", "--platform", "-P", "--trust-policy",
        "-g", "--file", "--document", "--build-root",
    };

    private static readonly HashSet<string> DotnetToolValueFlags = new(StringComparer.Ordinal)
    {
        "--version", "--tool-path", "--add-source", "--source", "--configfile", "--framework", "-a", "--arch", "-v",
        "--verbosity", "--local-tool-manifest",
    };

    private static readonly HashSet<string> DotnetAddValueFlags = new(StringComparer.Ordinal)
    {
        "-v", "--version", "-s", "--source", "-f", "--framework", "--package-directory",
    };

    private static readonly HashSet<string> SkillValueFlags = new(StringComparer.Ordinal)
    {
        "--version", "--ref", "--dir", "--workdir", "--registry", "--site", "--target", "--agent", "-a",
    };

    /// <summary>Package managers upgrading themselves: the same registry, the tool itself; reported one level lower.</summary>
    private static readonly HashSet<string> Toolchain = new(StringComparer.OrdinalIgnoreCase)
    {
        "npm", "pnpm", "yarn", "corepack", "pip", "setuptools", "wheel", "uv", "pipx",
    };

    private const int MaxDispatchDepth = 3;

    /// <summary>Looks at one command; commands that install nothing are ignored.</summary>
    public static void Analyze(PinningContext context, CommandLine command, int depth = 0)
    {
        if (depth > MaxDispatchDepth) return;
        var name = CommandName(command.Command);
        switch (name)
        {
            case "npm" or "pnpm" or "yarn" or "bun" or "cnpm":
                NodePackageManager(context, command, name, depth);
                break;
            case "npx" or "pnpx" or "bunx":
                NodeExec(context, command, command.Args, name, depth);
                break;
            case "pip" or "pip3" or "pipenv":
                Pip(context, command, command.Args, $"{name} install");
                break;
            case "uv":
                Uv(context, command, depth);
                break;
            case "uvx":
                Uvx(context, command, command.Args, "uvx");
                break;
            case "pipx":
                Pipx(context, command, command.Args);
                break;
            case "go":
                Go(context, command);
                break;
            case "cargo":
                Cargo(context, command);
                break;
            case "gem":
                Gem(context, command);
                break;
            case "dotnet":
                Dotnet(context, command);
                break;
            case "clawhub" or "skill" or "skills" or "openclaw":
                SkillInstalls.Analyze(context, command, name);
                break;
            default:
                if (name.StartsWith("pip3.", StringComparison.Ordinal)) Pip(context, command, command.Args, $"{name} install");
                else if (name.StartsWith("python", StringComparison.Ordinal) || name == "py") PythonModule(context, command, depth);
                break;
        }
    }

    /// <summary>`/usr/bin/npm.cmd` → `npm`.</summary>
    public static string CommandName(string command)
    {
        // Asked of every call of a skill (the installer-script rule): a plain lower-case ASCII name is its own answer.
        if (IsPlainName(command)) return command;
        var name = command.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..].ToLowerInvariant();
        foreach (var ext in WindowsExtensions)
        {
            if (name.EndsWith(ext, StringComparison.Ordinal)) return name[..^ext.Length];
        }
        return name;
    }

    private static readonly string[] WindowsExtensions = [".exe", ".cmd", ".bat", ".ps1"];

    private static bool IsPlainName(string command)
    {
        foreach (var ch in command)
        {
            if (ch is '/' or '\\' || !char.IsAscii(ch) || char.IsAsciiLetterUpper(ch)) return false;
        }
        foreach (var ext in WindowsExtensions)
        {
            if (command.EndsWith(ext, StringComparison.Ordinal)) return false;
        }
        return true;
    }

    /// <summary>The first word that is not an option (skipping values of value-taking flags), and its index.</summary>
    internal static (CommandWord? Word, int Index) FirstPositional(IReadOnlyList<CommandWord> words, IReadOnlySet<string> valueFlags)
    {
        for (var i = 0; i < words.Count; i++)
        {
            var t = words[i].Text;
            if (t is null || !t.StartsWith('-')) return (words[i], i);
            if (valueFlags.Contains(t)) i++;
        }
        return (null, -1);
    }

    private static void NodePackageManager(PinningContext context, CommandLine command, string tool, int depth)
    {
        var (sub, at) = FirstPositional(command.Args, NpmValueFlags);
        if (sub?.Text is not { } verb) return;
        var rest = command.Args.Skip(at + 1).ToList();
        var installs = tool switch
        {
            "npm" or "cnpm" => NpmInstallVerbs.Contains(verb),
            "pnpm" => verb is "add",
            "yarn" => verb is "add",
            "bun" => verb is "add" or "a" or "install" or "i",
            _ => false,
        };
        if (tool == "yarn" && verb == "global" && FirstPositional(rest, NpmValueFlags) is ({ Text: "add" }, var addAt))
        {
            installs = true;
            rest = rest.Skip(addAt + 1).ToList();
        }
        if (installs)
        {
            var parsed = ParsedArgs.Parse(command.Args.Take(at).Concat(rest).ToList(), NpmValueFlags);
            foreach (var word in parsed.Positionals) NpmPackage(context, command, word, $"{tool} {verb}");
            foreach (var registry in parsed.Values("--registry")) Indexes.Report(context, command, registry, "--registry", Ecosystem.Npm);
            return;
        }
        var runsPackage = tool switch
        {
            "npm" or "cnpm" => verb is "exec" or "x",
            "pnpm" or "yarn" => verb is "dlx",
            "bun" => verb is "x",
            _ => false,
        };
        if (runsPackage) NodeExec(context, command, rest, $"{tool} {verb}", depth);
    }

    /// <summary>npx and friends: `-p spec` packages, else the first word is the package; the rest is its arguments.</summary>
    private static void NodeExec(PinningContext context, CommandLine command, IReadOnlyList<CommandWord> words, string tool, int depth)
    {
        var parsed = ParsedArgs.Parse(words, NpxValueFlags, stopAtFirstPositional: true);
        // `npx --no-install x` / `npx --no x` / `--offline` never fetch: they run what is already installed.
        var fetches = !parsed.Has("--no-install", "--no", "--offline");
        var packages = parsed.Values("-p", "--package").ToList();
        if (fetches) foreach (var p in packages) NpmPackage(context, command, p, tool);
        foreach (var registry in parsed.Values("--registry")) Indexes.Report(context, command, registry, "--registry", Ecosystem.Npm);
        if (parsed.Positionals.Count == 0 || parsed.Positionals[0].Text is not { } first) return;
        var (name, spec) = NpmSpec.SplitNameAndSpec(first);
        if (packages.Count == 0 && fetches)
        {
            // `npx tool` runs the skill's own copy when its package.json declares it.
            if (!(spec is null && name is not null && context.DeclaredNpmPackages.Contains(name))) NpmPackage(context, command, parsed.Positionals[0], tool);
        }
        // What the package runs may itself install something (`npx clawhub@latest install some-skill`).
        if (name is not null)
        {
            var bin = name.StartsWith('@') && name.Contains('/') ? name[(name.IndexOf('/') + 1)..] : name;
            Analyze(context, command with { Command = bin, Args = parsed.Rest }, depth + 1);
        }
    }

    private static void NpmPackage(PinningContext context, CommandLine command, CommandWord word, string tool)
    {
        if (word.Text is not { } text || text.Length == 0) return;
        var (name, spec) = NpmSpec.SplitNameAndSpec(text);
        // A word that is itself a spec (git, URL, path) names no package: quote it as the name.
        var isReference = name is null;
        if (!isReference && !NpmSpec.IsPackageName(name!)) return;
        var cls = isReference ? NpmSpec.Classify(text)
            : spec is null ? SpecClass.Floating("no version (npm installs the 'latest' dist-tag)")
            : NpmSpec.Classify(spec);
        if (cls is null) return;
        var packageName = name ?? text;
        DependencyReporter.ReportInstall(context, new DeclaredDependency
        {
            Ecosystem = Ecosystem.Npm,
            Name = packageName,
            Spec = isReference ? null : spec,
            Class = cls,
            Document = command.Document,
            Span = word.Span,
            Where = command.Where,
            Folder = command.Folder,
            PinnedForm = v => $"{tool} {(isReference ? "<package>" : packageName)}@{v}",
            Replacement = word.Verbatim && !isReference ? v => $"{packageName}@{v}" : null,
            Demoted = Toolchain.Contains(packageName),
            DemotedBecause = Toolchain.Contains(packageName) ? "It is the package manager updating itself from its own registry, so this is reported one level lower." : null,
        });
    }

    private static void PythonModule(PinningContext context, CommandLine command, int depth)
    {
        // python [-I -u ...] -m pip|pipx|uv ...
        for (var i = 0; i + 1 < command.Args.Count; i++)
        {
            var t = command.Args[i].Text;
            if (t == "-m")
            {
                var module = command.Args[i + 1].Text;
                var rest = command.Args.Skip(i + 2).ToList();
                switch (module)
                {
                    case "pip":
                        Pip(context, command, rest, "python -m pip install");
                        break;
                    case "pipx":
                        Pipx(context, command, rest);
                        break;
                    case "uv":
                        Analyze(context, command with { Command = "uv", Args = rest }, depth + 1);
                        break;
                }
                return;
            }
            if (t is null || !t.StartsWith('-')) return; // a script: python app.py -m x
        }
    }

    private static void Pip(PinningContext context, CommandLine command, IReadOnlyList<CommandWord> words, string tool)
    {
        var (sub, at) = FirstPositional(words, PythonValueFlags);
        if (sub?.Text != "install") return;
        PythonPackages(context, command, words.Skip(at + 1).ToList(), tool);
    }

    /// <summary>Requirement words and editable references of pip-style installs, plus index options.</summary>
    private static void PythonPackages(PinningContext context, CommandLine command, IReadOnlyList<CommandWord> words, string tool)
    {
        var parsed = ParsedArgs.Parse(words, PythonValueFlags);
        foreach (var word in parsed.Positionals) PythonPackage(context, command, word, tool);
        foreach (var word in parsed.Values("-e", "--editable", "--with", "--with-editable")) PythonPackage(context, command, word, tool);
        foreach (var file in parsed.Values("-r", "--requirement", "-c", "--constraint", "--with-requirements"))
        {
            if (file.Text is { } f && PinningContext.ResolveInside(command.Folder, f) is { } path) context.RequirementFilesNamedByCommands.Add(path);
        }
        Indexes.ReportPythonOptions(context, command, parsed);
    }

    private static void Uvx(PinningContext context, CommandLine command, IReadOnlyList<CommandWord> words, string tool)
    {
        var parsed = ParsedArgs.Parse(words, PythonValueFlags, stopAtFirstPositional: true);
        var from = parsed.Value("--from");
        if (from is not null) PythonPackage(context, command, from, tool, uvTool: true);
        else if (parsed.Positionals.Count > 0) PythonPackage(context, command, parsed.Positionals[0], tool, uvTool: true);
        foreach (var with in parsed.Values("--with", "--with-editable")) PythonPackage(context, command, with, tool);
        Indexes.ReportPythonOptions(context, command, parsed);
    }

    private static void Uv(PinningContext context, CommandLine command, int depth)
    {
        var (sub, at) = FirstPositional(command.Args, PythonValueFlags);
        var rest = command.Args.Skip(at + 1).ToList();
        switch (sub?.Text)
        {
            case "pip":
                Pip(context, command, rest, "uv pip install");
                break;
            case "add":
                PythonPackages(context, command, rest, "uv add");
                break;
            case "run":
                var parsed = ParsedArgs.Parse(rest, PythonValueFlags, stopAtFirstPositional: true);
                foreach (var with in parsed.Values("--with", "--with-editable")) PythonPackage(context, command, with, "uv run --with");
                Indexes.ReportPythonOptions(context, command, parsed);
                break;
            case "tool":
                var (verb, verbAt) = FirstPositional(rest, PythonValueFlags);
                var afterVerb = rest.Skip(verbAt + 1).ToList();
                if (verb?.Text == "install")
                {
                    var install = ParsedArgs.Parse(afterVerb, PythonValueFlags);
                    foreach (var word in install.Positionals) PythonPackage(context, command, word, "uv tool install", uvTool: true);
                    foreach (var with in install.Values("--with", "--with-editable", "--from")) PythonPackage(context, command, with, "uv tool install", uvTool: true);
                    Indexes.ReportPythonOptions(context, command, install);
                }
                else if (verb?.Text == "run")
                {
                    Uvx(context, command, afterVerb, "uv tool run");
                }
                break;
        }
    }

    private static void Pipx(PinningContext context, CommandLine command, IReadOnlyList<CommandWord> words)
    {
        var (sub, at) = FirstPositional(words, PythonValueFlags);
        var rest = words.Skip(at + 1).ToList();
        if (sub?.Text is "install")
        {
            var parsed = ParsedArgs.Parse(rest, PythonValueFlags);
            var spec = parsed.Value("--spec");
            if (spec is not null) PythonPackage(context, command, spec, "pipx install");
            else foreach (var word in parsed.Positionals) PythonPackage(context, command, word, "pipx install");
            Indexes.ReportPythonOptions(context, command, parsed);
        }
        else if (sub?.Text is "run")
        {
            var parsed = ParsedArgs.Parse(rest, PythonValueFlags, stopAtFirstPositional: true);
            var spec = parsed.Value("--spec") ?? parsed.Positionals.FirstOrDefault();
            if (spec is not null) PythonPackage(context, command, spec, "pipx run");
            Indexes.ReportPythonOptions(context, command, parsed);
        }
    }

    /// <summary>
    /// One Python package word: a PEP 508 requirement (`x`, `x==1`, `x[extra]>=2`), a direct reference (VCS URL,
    /// archive URL, path) or, for uv tools, `name@version`.
    /// </summary>
    private static void PythonPackage(PinningContext context, CommandLine command, CommandWord word, string tool, bool uvTool = false)
    {
        if (word.Text is not { } text || text.Length == 0 || text == ".") return;
        var at = text.IndexOf('@');
        if (uvTool && at > 0 && !text.Contains("://", StringComparison.Ordinal) && !text[..at].Contains(' '))
        {
            var name = text[..at].Trim();
            var version = text[(at + 1)..].Trim();
            var cls = version == "latest" ? SpecClass.Floating("the version 'latest'")
                : Pep440.IsVersion(version) ? SpecClass.Exact("an exact version")
                : null;
            if (cls is null) return;
            ReportPython(context, command, name, version, cls, word.Span, tool, word.Verbatim ? v => $"{name}@{v}" : null, atForm: true);
            return;
        }
        var requirement = PythonReference.IsReference(text) && !text.Contains(" @ ", StringComparison.Ordinal) ? null : Pep508.Parse(text);
        if (requirement is null || requirement.Url is not null)
        {
            var reference = requirement?.Url ?? text;
            if (!PythonReference.IsReference(reference)) return;
            ReportPython(context, command, requirement?.Name ?? PythonReference.NameOf(reference), null,
                PythonReference.Classify(reference), word.Span, tool, null, atForm: false);
            return;
        }
        var specifierClass = Pep440.ClassifySpecifier(requirement.Specifier);
        if (specifierClass is null) return;
        var hasSpecifier = requirement.Specifier.Length > 0;
        var span = hasSpecifier && word.Verbatim
            ? TextSpan.FromBounds(word.Span.Start + requirement.SpecifierRange.Start, word.Span.Start + requirement.SpecifierRange.End)
            : word.Span;
        Func<string, string>? replacement = !word.Verbatim ? null
            : hasSpecifier ? v => $"=={v}"
            : v => $"{text.Trim()}=={v}";
        ReportPython(context, command, requirement.Name, hasSpecifier ? requirement.Specifier : null, specifierClass, span, tool, replacement, atForm: false);
    }

    private static void ReportPython(PinningContext context, CommandLine command, string name, string? spec,
        SpecClass cls, TextSpan span, string tool, Func<string, string>? replacement, bool atForm)
    {
        var demoted = Toolchain.Contains(name);
        DependencyReporter.ReportInstall(context, new DeclaredDependency
        {
            Ecosystem = Ecosystem.PyPI,
            Name = name,
            Spec = spec,
            Class = cls,
            Document = command.Document,
            Span = span,
            Where = command.Where,
            Folder = command.Folder,
            PinnedForm = atForm ? v => $"{tool} {name}@{v}" : v => $"{tool} {name}=={v}",
            Replacement = replacement,
            Demoted = demoted,
            DemotedBecause = demoted ? "It is the package manager updating itself from its own registry, so this is reported one level lower." : null,
        });
    }

    private static void Go(PinningContext context, CommandLine command)
    {
        var (sub, at) = FirstPositional(command.Args, GoValueFlags);
        if (sub?.Text is not ("install" or "get" or "run") || sub.Text is not { } verb) return;
        var parsed = ParsedArgs.Parse(command.Args.Skip(at + 1).ToList(), GoValueFlags, stopAtFirstPositional: verb == "run");
        foreach (var word in parsed.Positionals)
        {
            if (word.Text is not { } text || text.StartsWith('.') || text.StartsWith('/') || text.EndsWith(".go", StringComparison.Ordinal)) continue;
            var atSign = text.LastIndexOf('@');
            var module = atSign < 0 ? text : text[..atSign];
            var query = atSign < 0 ? null : text[(atSign + 1)..];
            // Without @version, go install/run build the version the current module's go.mod selects.
            if (query is null && verb != "get") continue;
            var firstSegment = module.Split('/')[0];
            if (!firstSegment.Contains('.')) continue; // standard library or a local package
            var cls = GoVersionQuery.Classify(query);
            DependencyReporter.ReportInstall(context, new DeclaredDependency
            {
                Ecosystem = Ecosystem.Go,
                Name = module,
                Spec = query,
                Class = cls,
                Document = command.Document,
                Span = word.Span,
                Where = command.Where,
                Folder = command.Folder,
                PinnedForm = v => $"go {verb} {module}@v{v.TrimStart('v')}",
            });
        }
    }

    private static void Cargo(PinningContext context, CommandLine command)
    {
        var (sub, at) = FirstPositional(command.Args, CargoValueFlags);
        if (sub?.Text is not ("install" or "binstall")) return;
        var parsed = ParsedArgs.Parse(command.Args.Skip(at + 1).ToList(), CargoValueFlags);
        var git = parsed.Value("--git");
        if (git?.Text is { } gitUrl)
        {
            var rev = parsed.Value("--rev")?.Text;
            var tag = parsed.Value("--tag")?.Text;
            var branch = parsed.Value("--branch")?.Text;
            var cls = GitRefs.IsFullCommit(rev) ? SpecClass.Exact("a full commit id") : GitRefs.Classify(rev ?? tag ?? branch, "git repository");
            var crate = parsed.Positionals.FirstOrDefault()?.Text ?? PythonReference.NameOf(gitUrl);
            ReportCrate(context, command, crate, gitUrl, cls, git.Span);
            return;
        }
        if (parsed.Value("--path") is not null) return; // builds a folder: part of what is scanned, or a local path
        var versionOption = parsed.Value("--version", "--vers");
        foreach (var word in parsed.Positionals)
        {
            if (word.Text is not { } text) continue;
            var atSign = text.IndexOf('@');
            var crate = atSign < 0 ? text : text[..atSign];
            var version = atSign < 0 ? versionOption?.Text : text[(atSign + 1)..];
            SpecClass? cls = version is null
                ? SpecClass.Floating("no version (the newest release)")
                : NuGet.Versioning.SemanticVersion.TryParse(version, out _)
                    ? SpecClass.Exact("an exact version")
                    : NpmRange.Classify(version.Replace(',', ' '));
            if (cls is null) continue;
            ReportCrate(context, command, crate, version, cls, atSign < 0 && versionOption is not null ? versionOption.Span : word.Span);
        }
    }

    private static void ReportCrate(PinningContext context, CommandLine command, string crate, string? spec, SpecClass cls, TextSpan span) =>
        DependencyReporter.ReportInstall(context, new DeclaredDependency
        {
            Ecosystem = Ecosystem.Cargo,
            Name = crate,
            Spec = spec,
            Class = cls,
            Document = command.Document,
            Span = span,
            Where = command.Where,
            Folder = command.Folder,
            PinnedForm = v => $"cargo install {crate} --version {v} --locked",
        });

    private static void Gem(PinningContext context, CommandLine command)
    {
        var (sub, at) = FirstPositional(command.Args, GemValueFlags);
        if (sub?.Text is not ("install" or "i")) return;
        var parsed = ParsedArgs.Parse(command.Args.Skip(at + 1).ToList(), GemValueFlags);
        var versionWords = parsed.Values("-v", "--version").ToList();
        var requirement = string.Join(", ", versionWords.Select(v => v.Text ?? ""));
        foreach (var word in parsed.Positionals)
        {
            if (word.Text is not { } text || text.EndsWith(".gem", StringComparison.Ordinal)) continue;
            var colon = text.IndexOf(':');
            var gem = colon < 0 ? text : text[..colon];
            var spec = colon < 0 ? (versionWords.Count > 0 ? requirement : null) : text[(colon + 1)..];
            var cls = spec is null ? SpecClass.Floating("no version (the newest release)") : OperatorConstraint.Classify(spec, ConstraintDialect.RubyGems);
            if (cls is null) continue;
            DependencyReporter.ReportInstall(context, new DeclaredDependency
            {
                Ecosystem = Ecosystem.RubyGems,
                Name = gem,
                Spec = spec,
                Class = cls,
                Document = command.Document,
                Span = colon < 0 && versionWords.Count > 0 ? versionWords[0].Span : word.Span,
                Where = command.Where,
                Folder = command.Folder,
                PinnedForm = v => $"gem install {gem} -v {v}",
            });
        }
        foreach (var source in parsed.Values("-s", "--source")) Indexes.Report(context, command, source, "--source", Ecosystem.RubyGems);
    }

    private static void Dotnet(PinningContext context, CommandLine command)
    {
        var words = command.Args;
        if (words.Count < 3) return;
        CommandWord? package;
        CommandWord? version;
        string tool;
        if (words[0].Text == "tool" && words[1].Text is "install" or "update")
        {
            var parsed = ParsedArgs.Parse(words.Skip(2).ToList(), DotnetToolValueFlags);
            package = parsed.Positionals.FirstOrDefault();
            version = parsed.Value("--version");
            tool = $"dotnet tool {words[1].Text}";
        }
        else if (words[0].Text == "add" && words.FirstOrDefault(w => w.Text == "package") is { } packageWord)
        {
            var parsed = ParsedArgs.Parse(words.SkipWhile(w => w != packageWord).Skip(1).ToList(), DotnetAddValueFlags);
            package = parsed.Positionals.FirstOrDefault();
            version = parsed.Value("-v", "--version");
            tool = "dotnet add package";
        }
        else
        {
            return;
        }
        if (package?.Text is not { } name) return;
        var cls = version is null ? SpecClass.Floating("no version (the newest release)") : NuGetSpec.Classify(version.Text);
        if (cls is null) return;
        DependencyReporter.ReportInstall(context, new DeclaredDependency
        {
            Ecosystem = Ecosystem.NuGet,
            Name = name,
            Spec = version?.Text,
            Class = cls,
            Document = command.Document,
            Span = version?.Span ?? package.Span,
            Where = command.Where,
            Folder = command.Folder,
            PinnedForm = v => $"{tool} {name} --version {v}",
        });
    }
}
