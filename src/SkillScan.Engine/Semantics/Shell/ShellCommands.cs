using System.Text;
using System.Text.RegularExpressions;
using SkillScan.Model;
using SkillScan.TreeSitter;

namespace SkillScan.Semantics.Shell;

/// <summary>Running a stage: resolving the command, its flags and wrappers, emitting facts, computing its output.</summary>
internal sealed partial class ShellAnalyzer
{
    /// <summary>
    /// Commands that run another command given after their own options (recorded as a call of their own too),
    /// with the number of operands that come before the wrapped command (`timeout 10 cmd`, `chroot DIR cmd`).
    /// </summary>
    private static readonly Dictionary<string, int> Wrappers = new(StringComparer.Ordinal)
    {
        ["sudo"] = 0, ["doas"] = 0, ["pkexec"] = 0, ["runuser"] = 0, ["env"] = 0, ["nohup"] = 0, ["setsid"] = 0,
        ["time"] = 0, ["stdbuf"] = 0, ["unbuffer"] = 0, ["caffeinate"] = 0, ["nice"] = 0, ["ionice"] = 0,
        ["timeout"] = 1, ["chroot"] = 1, ["flock"] = 1, ["command"] = 0, ["builtin"] = 0, ["exec"] = 0, ["xargs"] = 0,
        ["torsocks"] = 0, ["proxychains"] = 0, ["proxychains4"] = 0, ["arch"] = 0, ["busybox"] = 0, ["disown"] = 0,
    };

    /// <summary>Commands whose stdout passes their input through (filters): their output keeps its taint.</summary>
    private static readonly HashSet<string> PassThrough = new(StringComparer.Ordinal)
    {
        "cat", "tac", "head", "tail", "grep", "egrep", "fgrep", "sed", "awk", "gawk", "cut", "sort", "uniq", "tee", "tr",
        "jq", "yq", "column", "fold", "paste", "fmt", "strings", "xargs", "gunzip", "zcat", "gzip", "bzcat", "xzcat", "nl",
        "od", "hexdump", "less", "more", "rg", "ag", "iconv", "dos2unix", "envsubst", "bat",
    };

    /// <summary>Commands that print nothing worth following (builtins and tests).</summary>
    private static readonly HashSet<string> NoOutput = new(StringComparer.Ordinal)
    {
        "cd", "pushd", "popd", "test", "[", "[[", ":", "true", "false", "exit", "return", "shift", "break", "continue",
        "unset", "sleep", "wait", "trap", "umask", "ulimit", "shopt", "hash", "type", "which", "let", "logger", "notify-send",
        "say", "clear", "tput", "stty", "sync", "usleep",
    };

    /// <summary>Commands whose first operand is a script or pattern unless -e/-f gives it.</summary>
    private static readonly HashSet<string> ScriptFirst = new(StringComparer.Ordinal)
    {
        "grep", "egrep", "fgrep", "rg", "ag", "sed", "awk", "gawk", "mawk", "nawk", "jq", "yq",
    };

    /// <summary>Commands that print a transformed argument (no files read).</summary>
    private static readonly HashSet<string> ArgumentTransforms = new(StringComparer.Ordinal)
    {
        "dirname", "basename", "realpath", "readlink", "expr",
    };

    private enum Family
    {
        Other,
        Shell,
        Python,
        Node,
    }

    /// <summary>Everything known about one command being run.</summary>
    private sealed class Invocation
    {
        public required string Name { get; init; }
        public required string RawName { get; init; }
        public required CatalogEntry? Entry { get; init; }
        public required ParsedArguments Args { get; init; }
        public required List<ShellValue> Words { get; set; }
        public required int Index { get; init; }
        public required ShellValue? Stdin { get; set; }
        public required TextSpan Span { get; init; }
        public required ShellValue NameValue { get; init; }
        public required List<string> Caps { get; init; }
        public required CommandStage Stage { get; init; }
        public string? Via { get; set; }
        public Family Family { get; init; }

        /// <summary>Where the wrapped command starts in <see cref="Words"/>; -1 for none.</summary>
        public int Wrapped { get; set; } = -1;

        public void AddCap(string cap)
        {
            if (!Caps.Contains(cap)) Caps.Add(cap);
        }

        public void RemoveCap(string cap) => Caps.Remove(cap);

        public IEnumerable<ShellValue> Inputs
        {
            get
            {
                foreach (var a in Args.Positional) yield return a;
                foreach (var a in Args.Named.Values) yield return a;
                if (Stdin is not null) yield return Stdin;
            }
        }

        /// <summary>
        /// Positional operands naming files: not flags, not "-" (stdin), not the subcommand of a two-word entry
        /// ("openssl base64"), not grep's pattern or sed's script.
        /// </summary>
        public IEnumerable<ShellValue> FileOperands
        {
            get
            {
                var skipSubcommand = Entry?.Name.Contains(' ') == true;
                var skipScript = ScriptFirst.Contains(Name) && !Args.Named.ContainsKey("-e") && !Args.Named.ContainsKey("-f");
                foreach (var p in Args.Positional)
                {
                    if (p.Constant is { Length: >= 1 } c && c[0] == '-') continue;
                    if (skipSubcommand)
                    {
                        skipSubcommand = false;
                        continue;
                    }
                    if (skipScript)
                    {
                        skipScript = false;
                        continue;
                    }
                    yield return p;
                }
            }
        }
    }

    private ShellValue? Finalize(Stage stage, ShellValue? stdin) => stage switch
    {
        DoneStage d => d.Output,
        CommandStage c => RunCommand(c, stdin),
        RedirectedStage r => RunRedirected(r, stdin),
        _ => null,
    };

    private ShellValue? RunCommand(CommandStage stage, ShellValue? stdin)
    {
        var words = new List<ShellValue>(stage.Words.Count);
        foreach (var w in stage.Words) words.AddRange(SplitWord(w));
        if (words.Count == 0) return null;
        // A console prompt pasted with the command (`$ curl …`, `% wget …`): the command is what follows it.
        var prompt = words[0].Constant ?? ShellValue.Slice(_doc, words[0].Span);
        if (prompt.Length >= 1 && prompt[0] is '$' or '%' or '❯' && (prompt.Length == 1 || prompt[1] == ' '))
        {
            var rest = prompt.Length == 1 ? null : prompt[1..].Trim();
            words = new List<ShellValue>(words);
            if (string.IsNullOrEmpty(rest)) words.RemoveAt(0);
            else words[0] = new ShellValue(words[0].Span, rest) { Origin = words[0].Span };
            if (words.Count == 0) return null;
        }
        if (words[0].Constant is { } first && _aliases.TryGetValue(first, out var alias) && !ReferenceEquals(alias, first))
        {
            var expanded = ShellText.SplitFields(alias).Select(a => new ShellValue(words[0].Span, a) { Via = "alias " + first }).ToList();
            if (expanded.Count > 0)
            {
                expanded.AddRange(words.Skip(1));
                words = expanded;
            }
        }
        ShellValue? output = null;
        var index = 0;
        for (var hops = 0; hops < 16 && index < words.Count; hops++)
        {
            var invocation = Run(stage, words, index, stdin, out output);
            if (invocation is null || invocation.Wrapped < 0 || invocation.Wrapped >= invocation.Words.Count) break;
            words = invocation.Words;
            index = invocation.Wrapped;
            if (invocation.Name == "xargs") stdin = null;
        }
        return output;
    }

    /// <summary>Runs words[index..] as one command: emits its fact and returns what it knows for wrappers.</summary>
    private Invocation? Run(CommandStage stage, List<ShellValue> words, int index, ShellValue? stdin, out ShellValue? output)
    {
        output = null;
        var nameValue = words[index];
        var span = index == 0 ? stage.Span : TextSpan.FromBounds(nameValue.Span.Start, stage.Span.End);
        if (nameValue.Constant is not { Length: > 0 } rawName || ShellText.ContainsBlank(rawName))
        {
            output = RunDynamic(stage, words, index, stdin, span);
            return null;
        }
        var name = rawName.Contains('/') ? ShellText.BaseName(rawName) : rawName;
        if (index == 0 && _functions.TryGetValue(rawName, out var body))
        {
            output = CallFunction(rawName, body, words, stdin);
            return null;
        }
        if (name is "tar" or "gtar" or "bsdtar" && index + 1 < words.Count && words[index + 1].Constant is { Length: > 0 } mode && char.IsAsciiLetter(mode[0]) && mode.All(char.IsAsciiLetter))
        {
            // Old-style `tar xzf file`: the first operand is a cluster of flags.
            words = new List<ShellValue>(words);
            words[index + 1] = words[index + 1].With(constant: "-" + mode);
        }
        var entry = ResolveEntry(name, words, index, out var stem);
        var isWrapper = Wrappers.TryGetValue(name, out var operandsBefore);
        var args = ParsedArguments.Parse(ShellFlags.For(entry), words, index, stopAtFirstPositional: isWrapper);
        var caps = new List<string>(entry?.Capabilities ?? []);
        foreach (var c in args.FlagCapabilities)
        {
            if (!caps.Contains(c)) caps.Add(c);
        }
        var call = new Invocation
        {
            Name = name,
            RawName = rawName,
            Entry = entry,
            Args = args,
            Words = words,
            Index = index,
            Stdin = stdin,
            Span = span,
            NameValue = nameValue,
            Caps = caps,
            Stage = stage,
            Via = nameValue.Via,
            Family = FamilyOf(stem),
        };
        if (isWrapper) call.Wrapped = WrappedStart(call, operandsBefore);
        if (rawName.Contains('/')) RunByPath(call);
        EnrichFileArguments(call);
        output = Semantics(call);
        Emit(call);
        return call;
    }

    private CatalogEntry? ResolveEntry(string name, List<ShellValue> words, int index, out string stem)
    {
        if (!_stems.TryGetValue(name, out var stems))
        {
            stems = Stems(name).Distinct().ToArray();
            if (_stems.Count < 4096) _stems[name] = stems;
        }
        string? subcommand = null;
        for (var k = index + 1; k < words.Count; k++)
        {
            if (words[k].Constant is not { } w) break;
            if (w.StartsWith('-')) continue;
            subcommand = w;
            break;
        }
        stem = name;
        foreach (var candidate in stems)
        {
            stem = candidate;
            if (subcommand is not null && _catalog.Lookup(candidate + " " + subcommand) is { } sub) return sub;
            if (_catalog.Lookup(candidate) is { } entry) return entry;
        }
        stem = stems[^1];
        return null;
    }

    /// <summary>python3.12 → python3.12, python3, python; pip3 → pip3, pip.</summary>
    private static IEnumerable<string> Stems(string name)
    {
        yield return name;
        var s = name;
        while (s.LastIndexOf('.') is var dot and > 0 && dot < s.Length - 1 && s.AsSpan(dot + 1).IndexOfAnyExceptInRange('0', '9') < 0)
        {
            s = s[..dot];
            yield return s;
        }
        var trimmed = s.TrimEnd("0123456789".ToCharArray());
        if (trimmed.Length > 1 && trimmed.Length < s.Length && char.IsAsciiLetter(trimmed[^1])) yield return trimmed;
    }

    private static Family FamilyOf(string stem) => stem switch
    {
        "bash" or "sh" or "zsh" or "dash" or "ksh" or "ash" or "mksh" or "fish" or "tcsh" or "csh" => Family.Shell,
        "python" or "python2" or "python3" or "pypy" or "pypy3" => Family.Python,
        "node" or "nodejs" or "bun" or "deno" => Family.Node,
        _ => Family.Other,
    };

    private int WrappedStart(Invocation call, int operandsBefore)
    {
        var args = call.Args;
        if (call.Name == "command" && (args.Has("-v") || args.Has("-V"))) return -1;
        var skipped = 0;
        for (var k = 0; k < args.Positional.Count; k++)
        {
            var text = args.Positional[k].Constant;
            if (text == "--") continue;
            if (call.Name == "env" && text is not null && text.Contains('=') && IsName(text[..text.IndexOf('=')])) continue;
            if (skipped++ < operandsBefore) continue;
            return args.PositionalIndex[k];
        }
        return -1;
    }

    /// <summary>`/tmp/x`, `./run.sh`: the program is a file; if an earlier command downloaded it, say so.</summary>
    private void RunByPath(Invocation call)
    {
        var program = call.NameValue;
        var norm = ShellText.NormalizePath(call.RawName);
        IReadOnlyList<TaintSource> taint = program.Taint;
        if (_files.TryGetValue(norm, out var content)) taint = Taints.Union(taint, content.Taint);
        else if (_extractedTaint.Count > 0) taint = Taints.Union(taint, Taints.Through(_extractedTaint, _doc, call.Span, "run from the extracted archive"));
        if (call.Entry is null) call.AddCap("proc.exec");
        call.Args.Named["program"] = program.With(taint: taint);
    }

    /// <summary>Arguments naming a secret file (or a file an earlier command downloaded) carry that file's taint.</summary>
    private void EnrichFileArguments(Invocation call)
    {
        var readsFiles = call.Entry is null || call.Caps.Any(c => c is "fs.read" or "net.send" or "archive.create" or "crypto.encode"
            or "crypto.decode" or "crypto.encrypt" or "code.load" or "proc.interpreter");
        var positional = call.Args.Positional;
        for (var k = 0; k < positional.Count; k++)
        {
            positional[k] = WithFileTaint(positional[k], readsFiles);
        }
        foreach (var key in call.Args.Named.Keys.ToList())
        {
            if (key == "program") continue;
            call.Args.Named[key] = WithFileTaint(call.Args.Named[key], readsFiles);
        }
    }

    private ShellValue WithFileTaint(ShellValue value, bool readsFiles)
    {
        if (value.Constant is not { Length: >= 2 } path || path[0] == '-') return value;
        var norm = ShellText.NormalizePath(path);
        if (_files.TryGetValue(norm, out var content) && content.IsTainted)
        {
            return value.With(taint: Taints.Union(value.Taint, Taints.Through(content.Taint, _doc, value.Span, "file " + norm)));
        }
        if (!readsFiles || !LooksLikePath(path)) return value;
        var kind = SourceKindOf(path);
        return kind is null ? value : value.With(taint: Taints.Union(value.Taint, Taints.One(kind, path, _doc, value.Span)));
    }

    private static bool LooksLikePath(string text) =>
        !ShellText.LooksLikeUrl(text) && (text.Contains('/') || text.StartsWith('~') || text.StartsWith('.') || text.Contains(".env", StringComparison.OrdinalIgnoreCase));

    /// <summary>The taint kind reading a path produces: a sensitive class from paths.yaml, or null for ordinary files.</summary>
    private string? SourceKindOf(string path)
    {
        foreach (var (kind, _) in _paths.MatchAll(path))
        {
            if (Capabilities.IsSourceKind(kind)) return kind;
        }
        return null;
    }

    /// <summary>The content of a file read by a command: what an earlier command wrote there, else its taint class.</summary>
    private ShellValue? ReadFile(ShellValue? pathValue, TextSpan span, bool emit, TextSpan stageSpan)
    {
        if (pathValue is null) return null;
        if (pathValue.FileContent is { } content) return content;
        if (pathValue.Constant is { } device && device.StartsWith("/dev/", StringComparison.Ordinal)) return new ShellValue(span, null);
        ShellValue result;
        if (pathValue.Constant is not { } path)
        {
            result = new ShellValue(span, null, Taints.Union(pathValue.Taint, Taints.One("file.read", ShellValue.Slice(_doc, pathValue.Span), _doc, pathValue.Span)));
        }
        else
        {
            var norm = ShellText.NormalizePath(path);
            if (_files.TryGetValue(norm, out var written))
            {
                result = written.At(span) with { Taint = Taints.Through(written.Taint, _doc, pathValue.Span, "read back from " + norm) };
            }
            else
            {
                var kind = SourceKindOf(path) ?? "file.read";
                result = new ShellValue(span, null, Taints.Union(pathValue.Taint, Taints.One(kind, path, _doc, pathValue.Span)));
            }
        }
        if (emit) EmitSynthetic("redirect-read", stageSpan, pathValue.Span, [pathValue], null, null);
        return result;
    }

    // ------------------------------------------------------------------------------------------------------------
    // What each command does to its inputs
    // ------------------------------------------------------------------------------------------------------------

    private ShellValue? Semantics(Invocation call)
    {
        switch (call.Family)
        {
            case Family.Shell:
                return Interpreter(call, Language.Bash, "-c");
            case Family.Python:
                if (call.Args.Value("-m") is { Constant: "pip" or "pip3" } module)
                {
                    call.Wrapped = call.Words.IndexOf(module);
                    return null;
                }
                return Interpreter(call, Language.Python, "-c");
            case Family.Node:
                return Interpreter(call, Language.JavaScript, call.Args.Named.ContainsKey("-p") ? "-p" : "-e");
        }
        switch (call.Name)
        {
            case "echo":
                return Echo(call);
            case "printf":
                return Printf(call);
            case "eval":
            {
                var code = Concat(call.Span, JoinWithSpaces(call.Args.Positional));
                Derive(code, Language.Bash, "eval string");
                return null;
            }
            case "source" or ".":
                return Source(call);
            case "osascript":
                AppleScript(call);
                return null;
            case "pwsh" or "powershell" or "powershell.exe" when call.Args.Value("-e") is { Constant: { } encoded } encodedCommand:
                // -EncodedCommand is base64 of UTF-16LE text: keep the decoded script visible to string rules.
                if (PowerShellEncoded(encoded) is { } script) AddStringFact(encodedCommand.OriginOrSpan, script, "base64");
                return null;
            case "su" or "runuser" when call.Args.Value("-c") is { } command:
                Derive(command, Language.Bash, call.Name + " -c string");
                return null;
            case "read" or "mapfile" or "readarray" or "getopts":
                ReadInto(call);
                return null;
            case "alias":
                foreach (var a in call.Args.Positional)
                {
                    if (a.Constant is { } def && def.IndexOf('=') is > 0 and var eq && IsName(def[..eq])) _aliases[def[..eq]] = def[(eq + 1)..];
                }
                return null;
            case "env" or "printenv" or "set" or "export" or "declare" or "typeset" or "readonly" or "local" or "compgen":
                return Environment(call);
            case "tr":
                return Translate(call);
            case "tee":
                foreach (var file in call.FileOperands) EmitWrite(file, call.Args.Has("-a") ? ">>" : ">", call.Stdin, call.Span, file.Span, call.Name);
                return call.Stdin;
            case "cp" or "mv" or "install":
                CopyFiles(call);
                return null;
            case "curl":
                return Curl(call);
            case "wget" or "aria2c" or "axel" or "fetch" or "lwp-download":
                return Wget(call);
            case "xargs":
                XargsWords(call);
                return null;
            case "find":
                FindExec(call);
                return null;
        }
        if (call.Entry?.Decoder is not null || call.Caps.Contains("crypto.decode") || call.Caps.Contains("crypto.encode"))
        {
            return Transcode(call);
        }
        if (call.Caps.Contains("archive.create") && RecordArchive(call) is { } archiveOnStdout) return archiveOnStdout;
        if (call.Caps.Contains("archive.extract"))
        {
            var archive = call.Args.Value("-f") ?? call.FileOperands.FirstOrDefault();
            var taint = Taints.Union([archive, call.Stdin]);
            if (taint.Count > 0) _extractedTaint = Taints.Union(_extractedTaint, Taints.Through(taint, _doc, call.Span, "extracted by " + call.Name));
        }
        return DefaultOutput(call);
    }

    /// <summary>Output of an ordinary command: its catalog source, or what flows through it.</summary>
    private ShellValue? DefaultOutput(Invocation call)
    {
        if (call.Entry?.Source is { } source)
        {
            var detail = call.Name;
            if (call.Args.Positional.Count > 0 && call.Args.Positional[0].Constant is { } first) detail += " " + first;
            return new ShellValue(call.Span, null, Taints.One(source, detail, _doc, call.Span));
        }
        if (call.Caps.Contains("clipboard.read"))
        {
            return new ShellValue(call.Span, null, Taints.One("clipboard.read", call.Name, _doc, call.Span));
        }
        if (PassThrough.Contains(call.Name))
        {
            return ReadOperandsOrStdin(call, keepConstant: call.Name == "cat");
        }
        if (ArgumentTransforms.Contains(call.Name))
        {
            var operand = call.Args.Positional.LastOrDefault();
            if (operand is null) return null;
            var constant = operand.Constant is { } path ? call.Name switch
            {
                "dirname" => path.Contains('/') ? path[..Math.Max(1, path.TrimEnd('/').LastIndexOf('/'))] : ".",
                "basename" => ShellText.BaseName(path),
                _ => null,
            } : null;
            return new ShellValue(call.Span, constant, operand.Taint);
        }
        if (call.Entry is not null || NoOutput.Contains(call.Name)) return null;
        var taint = Taints.Union(call.Inputs);
        if (taint.Count == 0) return null;
        return new ShellValue(call.Span, null, Taints.Through(taint, _doc, call.Span, "output of " + call.Name));
    }

    /// <summary>cat FILE… (or stdin): the files' contents concatenated.</summary>
    private ShellValue? ReadOperandsOrStdin(Invocation call, bool keepConstant)
    {
        var files = call.FileOperands.ToList();
        if (files.Count == 0) return call.Stdin is { } s ? (keepConstant ? s : s.With(taint: s.Taint) with { Constant = null }) : null;
        var parts = new List<ShellValue>();
        foreach (var f in files)
        {
            if (ReadFile(f, call.Span, emit: false, call.Span) is { } content) parts.Add(content);
        }
        if (call.Args.Positional.Any(p => p.Constant == "-") && call.Stdin is not null) parts.Add(call.Stdin);
        var joined = DoneStage.Join(call.Span, parts, _fold);
        return joined is null || keepConstant ? joined : joined with { Constant = null };
    }

    private ShellValue? Echo(Invocation call)
    {
        var args = call.Args.Positional;
        var k = 0;
        bool newline = true, escapes = false;
        for (; k < args.Count; k++)
        {
            if (args[k].Constant is not { Length: >= 2 } opt || opt[0] != '-' || !opt.Skip(1).All(c => c is 'n' or 'e' or 'E')) break;
            if (opt.Contains('n')) newline = false;
            if (opt.Contains('e')) escapes = true;
            if (opt.Contains('E')) escapes = false;
        }
        var parts = JoinWithSpaces(args.Skip(k).ToList());
        var value = Concat(call.Span, parts);
        if (value.Constant is { } whole && !_fold.Spend(whole.Length + 1)) value = value with { Constant = null }; // the newline copies it
        if (value.Constant is { } text)
        {
            var expanded = escapes ? ShellText.EchoEscapes(text) : text;
            var decoded = !ReferenceEquals(expanded, text) && expanded != text;
            value = value with
            {
                Constant = newline ? expanded + "\n" : expanded,
                Verbatim = false,
                DecodedBy = decoded ? Chain(value.DecodedBy, "escapes") : value.DecodedBy,
            };
            if (decoded) SniffDecoded(value);
        }
        return value with { Span = call.Span, Splittable = false, Items = null };
    }

    private ShellValue? Printf(Invocation call)
    {
        var args = call.Args.Positional.ToList();
        string? target = null;
        if (args.Count >= 2 && args[0].Constant == "-v")
        {
            target = args[1].Constant;
            args = args.Skip(2).ToList();
        }
        if (args.Count > 0 && args[0].Constant == "--") args = args.Skip(1).ToList();
        if (args.Count == 0) return null;
        var format = args[0];
        var operands = args.Skip(1).ToList();
        string? constant = null;
        if (format.Constant is { } f && operands.All(o => o.Constant is not null) && _fold.Spend(f.Length + operands.Sum(o => (long)o.Constant!.Length)))
        {
            constant = ShellText.Printf(ShellText.EchoEscapes(f), operands.Select(o => o.Constant!).ToList());
        }
        var decoded = format.Constant is { } fc && (fc.Contains('\\') || fc.Contains("%b", StringComparison.Ordinal));
        TextSpan? origin = null;
        foreach (var a in args) origin = origin is { } o ? o.Union(a.OriginOrSpan) : a.OriginOrSpan;
        var value = new ShellValue(call.Span, constant, Taints.Union(args))
        {
            Origin = origin,
            DecodedBy = decoded ? Chain(args.Select(a => a.DecodedBy).FirstOrDefault(d => d is not null), "escapes") : args.Select(a => a.DecodedBy).FirstOrDefault(d => d is not null),
        };
        if (decoded && constant is not null) SniffDecoded(value);
        if (target is not null && IsName(target))
        {
            Assign(target, value, append: false, call.Span);
            return null;
        }
        return value;
    }

    /// <summary>Words joined by single spaces, as `echo a b` or `eval a b` see them.</summary>
    private static List<ShellValue> JoinWithSpaces(IReadOnlyList<ShellValue> words)
    {
        var parts = new List<ShellValue>(words.Count * 2);
        for (var i = 0; i < words.Count; i++)
        {
            if (i > 0) parts.Add(new ShellValue(words[i].Span, " "));
            parts.Add(words[i]);
        }
        return parts;
    }

    /// <summary>Interpreters: `-c CODE`, a script file with known content, or code on stdin become derived documents.</summary>
    private ShellValue? Interpreter(Invocation call, Language language, string codeFlag)
    {
        var label = call.Name;
        if (call.Args.Value(codeFlag) is { } code)
        {
            Derive(code, language, $"{label} {codeFlag} string");
            return null;
        }
        var script = call.Args.Positional.FirstOrDefault();
        if (script is not null && script.Constant != "-")
        {
            var content = script.FileContent ?? (script.Constant is { } p && _files.TryGetValue(ShellText.NormalizePath(p), out var written) ? written : null);
            if (content is not null) Derive(content, language, $"script run by {label}");
            return null;
        }
        if (call.Stdin is { } stdin) Derive(stdin, language, stdin.DecodedBy is { } d ? $"{d}-decoded input of {label}" : $"input of {label}");
        return null;
    }

    /// <summary>`osascript -e 'do shell script "curl … | sh"'`: the shell commands inside AppleScript are analysed too.</summary>
    private void AppleScript(Invocation call)
    {
        var code = call.Args.Value("-e") ?? (call.Args.Positional.Count == 0 ? call.Stdin : null);
        if (code?.Constant is not { } text) return;
        foreach (Match m in DoShellScript().Matches(text))
        {
            var script = m.Groups[1].Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
            Derive(code.With(constant: script), Language.Bash, "AppleScript do shell script");
        }
    }

    [GeneratedRegex(@"do\s+shell\s+script\s+""((?:[^""\\]|\\.)*)""", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex DoShellScript();

    /// <summary>PowerShell's -EncodedCommand: base64 of UTF-16LE text, or null when it is not that.</summary>
    private static string? PowerShellEncoded(string encoded)
    {
        var s = encoded.Trim();
        if (s.Length < 8 || s.Length % 4 == 1) return null;
        s = s.PadRight(s.Length + (4 - s.Length % 4) % 4, '=');
        var buffer = new byte[s.Length * 3 / 4];
        if (!Convert.TryFromBase64String(s, buffer, out var written) || written % 2 != 0) return null;
        var text = Encoding.Unicode.GetString(buffer, 0, written);
        return text.All(c => !char.IsControl(c) || c is '\n' or '\r' or '\t') ? text : null;
    }

    private ShellValue? Source(Invocation call)
    {
        var file = call.Args.Positional.FirstOrDefault();
        if (file is null) return null;
        var content = file.FileContent ?? (file.Constant is { } p && _files.TryGetValue(ShellText.NormalizePath(p), out var written) ? written : null);
        if (content is not null) Derive(content, Language.Bash, "sourced script");
        if (file.FileContent is null) _facts.Imports.Add(new ImportFact(_doc, file.Span, file.Constant ?? ShellValue.Slice(_doc, file.Span), null));
        return null;
    }

    private void ReadInto(Invocation call)
    {
        var input = call.Stdin ?? new ShellValue(call.Span, null, Taints.One("user.input", call.Name, _doc, call.Span));
        if (input.Constant is { } all && !_fold.Spend(all.Length)) input = input with { Constant = null }; // lines and fields copy it
        var valueFlags = call.Name == "read" ? "padnNtui" : "dnOsucC";
        var names = new List<string>();
        var args = call.Words.Skip(call.Index + 1).ToList();
        string? arrayName = null;
        for (var k = 0; k < args.Count; k++)
        {
            var w = args[k].Constant;
            if (w is null) continue;
            if (w.Length >= 2 && w[0] == '-')
            {
                var letter = w[^1];
                if (valueFlags.Contains(letter) && w.Length == 2)
                {
                    if (letter == 'a' && k + 1 < args.Count) arrayName = args[k + 1].Constant;
                    k++;
                }
                continue;
            }
            if (IsName(w)) names.Add(w);
        }
        if (call.Name == "getopts")
        {
            if (names.Count >= 1) names = names.Skip(1).Take(1).ToList();
            input = new ShellValue(call.Span, null, Taints.One("user.input", "getopts", _doc, call.Span));
        }
        if (call.Name is "mapfile" or "readarray") arrayName = names.LastOrDefault() ?? "MAPFILE";
        if (arrayName is not null)
        {
            var lines = input.Constant?.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => input.With(constant: l)).ToList();
            Assign(arrayName, new ShellValue(call.Span, lines?.FirstOrDefault()?.Constant, input.Taint) { Items = lines, Origin = input.Origin }, append: false, call.Span);
            return;
        }
        if (names.Count == 0) names.Add("REPLY");
        var firstLine = input.Constant is { } c ? c.Split('\n')[0] : null;
        var fields = firstLine is null ? null : ShellText.SplitFields(firstLine);
        for (var k = 0; k < names.Count; k++)
        {
            string? constant = null;
            if (fields is not null)
            {
                constant = k < names.Count - 1
                    ? (k < fields.Length ? fields[k] : "")
                    : (k < fields.Length ? string.Join(" ", fields.Skip(k)) : "");
            }
            Assign(names[k], new ShellValue(call.Span, constant, input.Taint) { Origin = input.Origin, DecodedBy = input.DecodedBy }, append: false, call.Span);
        }
    }

    /// <summary>env / printenv / set / export -p / declare -p: the whole environment (or one variable).</summary>
    private ShellValue? Environment(Invocation call)
    {
        var operands = call.Args.Positional.Where(p => p.Constant is not { } c || !c.StartsWith('-')).ToList();
        var dumps = call.Name switch
        {
            "env" => call.Wrapped < 0 && !operands.Any(o => o.Constant?.Contains('=') == true),
            "printenv" => operands.Count == 0,
            "set" => call.Args.Positional.Count == 0 && call.Args.Named.Count == 0,
            "compgen" => call.Args.Has("-v") || call.Args.Has("-e"),
            _ => !call.Stage.HasOperands && call.Name is not "local",
        };
        if (call.Name == "printenv" && operands.Count > 0)
        {
            call.RemoveCap("env.dump");
            call.AddCap("env.read");
            var taint = ValueFact.NoTaint;
            foreach (var o in operands) taint = Taints.Union(taint, Taints.One("env.read", o.Constant ?? "?", _doc, o.Span));
            return new ShellValue(call.Span, null, taint);
        }
        if (!dumps)
        {
            call.RemoveCap("env.dump");
            if (call.Name == "export" && call.Stage.HasOperands) call.AddCap("env.write");
            return null;
        }
        call.AddCap("env.dump");
        return new ShellValue(call.Span, null, Taints.One("env.dump", call.Name, _doc, call.Span));
    }

    /// <summary>base64 / base32 / xxd / openssl base64|enc / rev: decode or encode the file operand or stdin.</summary>
    private ShellValue? Transcode(Invocation call)
    {
        var inputPath = call.Args.Value("-i") ?? call.Args.Value("-in");
        var file = inputPath ?? call.FileOperands.FirstOrDefault();
        var input = file is not null ? ReadFile(file, call.Span, emit: false, call.Span) : call.Stdin;
        if (input is null) return null;
        var decoder = call.Entry?.Decoder;
        var decoding = call.Caps.Contains("crypto.decode");
        if (call.Entry?.Name == "openssl enc" && !(call.Args.Has("-a") || call.Args.Has("-A") || call.Args.Has("-base64")))
        {
            decoder = null; // openssl enc -d -aes-256-cbc: decryption, not base64
            call.RemoveCap("crypto.decode");
            call.RemoveCap("crypto.encode");
            call.AddCap("crypto.encrypt");
        }
        string? constant = null;
        string? decodedBy = input.DecodedBy;
        string step;
        if (decoding) call.RemoveCap("crypto.encode");
        if (decoding && decoder is not null)
        {
            constant = input.Constant is { } text && _fold.Spend(text.Length) ? Decode(decoder, text) : null;
            if (constant is not null) decodedBy = Chain(input.DecodedBy, decoder);
            step = "decoded by " + call.Name;
        }
        else if (!decoding && decoder is "base64" or "hex")
        {
            if (input.Constant is { } plain && _fold.Spend(plain.Length * 2L))
            {
                var bytes = Encoding.UTF8.GetBytes(plain);
                constant = decoder == "base64" ? Convert.ToBase64String(bytes) + "\n" : Convert.ToHexString(bytes).ToLowerInvariant() + "\n";
            }
            decodedBy = null;
            step = "encoded by " + call.Name;
        }
        else
        {
            step = "through " + call.Name;
        }
        var output = new ShellValue(call.Span, constant, Taints.Through(input.Taint, _doc, call.Span, step))
        {
            Origin = input.Origin ?? input.Span,
            DecodedBy = decodedBy,
        };
        if (decoding && constant is not null)
        {
            AddStringFact(output.OriginOrSpan, constant, decodedBy);
            SniffDecoded(output);
        }
        return output;
    }

    private static string? Decode(string decoder, string text) => decoder switch
    {
        // rev reverses each line, not the whole text.
        "reverse" => string.Join("\n", text.Split('\n').Select(Decoders.Reverse)),
        "hex" => Decoders.Hex(text),
        _ => Decoders.Apply(decoder, text.Trim()),
    };

    private static string Chain(string? before, string decoder) => before is null ? decoder : before + "+" + decoder;

    private ShellValue? Translate(Invocation call)
    {
        var input = call.Stdin;
        if (input is null) return null;
        var operands = call.Args.Positional.Where(p => p.Constant is not { } c || !c.StartsWith('-') || c.Length == 1).ToList();
        var flags = string.Concat(call.Args.Positional.Select(p => p.Constant).Where(c => c is { Length: >= 2 } && c[0] == '-' && c.Skip(1).All(char.IsAsciiLetter)));
        var delete = flags.Contains('d');
        string? constant = null;
        string? decodedBy = input.DecodedBy;
        if (input.Constant is { } text && operands.Count >= 1 && operands[0].Constant is { } set1 && !flags.Contains('c') && !flags.Contains('s') && _fold.Spend(text.Length))
        {
            constant = ShellText.Translate(text, set1, operands.Count > 1 ? operands[1].Constant : null, delete);
            if (constant is not null && !delete)
            {
                var rot13 = constant == Decoders.Rot13(text);
                decodedBy = Chain(input.DecodedBy, rot13 ? "rot13" : "tr");
                call.AddCap("crypto.decode");
            }
        }
        var output = new ShellValue(call.Span, constant, Taints.Through(input.Taint, _doc, call.Span, "through tr"))
        {
            Origin = input.Origin ?? input.Span,
            DecodedBy = decodedBy,
        };
        if (constant is not null && decodedBy != input.DecodedBy)
        {
            AddStringFact(output.OriginOrSpan, constant, decodedBy);
            SniffDecoded(output);
        }
        return output;
    }

    /// <summary>
    /// tar -cf OUT FILES / zip OUT FILES / 7z a OUT FILES: the archive holds the files' taint. With `-f -` the
    /// archive is the command's output, returned.
    /// </summary>
    private ShellValue? RecordArchive(Invocation call)
    {
        var operands = call.FileOperands.ToList();
        var archive = call.Args.Value("-f");
        if (archive is null && operands.Count > 0)
        {
            archive = operands[0];
            operands.RemoveAt(0);
        }
        if (archive?.Constant is not { } path) return null;
        var content = new ShellValue(call.Span, null, Taints.Through(Taints.Union(operands), _doc, call.Span, "archived by " + call.Name));
        if (path == "-") return content;
        _files[ShellText.NormalizePath(path)] = content;
        return null;
    }

    private void CopyFiles(Invocation call)
    {
        var operands = call.FileOperands.ToList();
        var target = call.Args.Value("-t") ?? (operands.Count >= 2 ? operands[^1] : null);
        if (target?.Constant is not { } dest) return;
        var sources = call.Args.Value("-t") is null ? operands.Take(operands.Count - 1) : operands;
        var contents = sources.Select(s => ReadFile(s, call.Span, emit: false, call.Span)).Where(c => c is not null).Cast<ShellValue>().ToList();
        _files[ShellText.NormalizePath(dest)] = DoneStage.Join(call.Span, contents, _fold) ?? new ShellValue(call.Span, null);
    }

    private ShellValue? Curl(Invocation call)
    {
        var url = call.Args.Value("--url") ?? call.Args.Positional.FirstOrDefault(p => p.Constant is { } c && ShellText.LooksLikeUrl(c)) ?? call.Args.Positional.FirstOrDefault();
        // Uploads: -T FILE, -d @FILE, -F name=@FILE, --data-binary @- (stdin).
        foreach (var key in new[] { "-d", "-F", "-T" })
        {
            if (!call.Args.Occurrences.TryGetValue(key, out var values)) continue;
            call.Args.Named[key] = ParsedArguments.Merge(values.Select(v => WithUploadTaint(v, key == "-T", call)).ToList());
        }
        var download = Download(call, url);
        var output = call.Args.Value("-o");
        if (output is { Constant: "-" } || output is null && !call.Args.Named.ContainsKey("-O")) return download;
        var path = output?.Constant ?? (url?.Constant is { } u ? ShellText.UrlFileName(u) : null);
        if (path is not null)
        {
            if (call.Args.Value("--output-dir")?.Constant is { } dir) path = dir.TrimEnd('/') + "/" + path;
            _files[ShellText.NormalizePath(path)] = download;
        }
        return null;
    }

    private ShellValue WithUploadTaint(ShellValue value, bool wholeIsPath, Invocation call)
    {
        if (value.Constant is not { } text) return value;
        string? path = null;
        if (wholeIsPath) path = text;
        else
        {
            var at = text.IndexOf('@');
            var lt = text.IndexOf('<');
            var mark = at >= 0 && (lt < 0 || at < lt) ? at : lt;
            if (mark >= 0 && (mark == 0 || text[mark - 1] == '=')) path = text[(mark + 1)..].Split(';')[0];
        }
        if (path is null) return value;
        if (path == "-") return call.Stdin is { } stdin ? value.With(taint: Taints.Union(value.Taint, stdin.Taint)) : value;
        var content = ReadFile(new ShellValue(value.Span, path) { Origin = value.Origin }, value.Span, emit: false, call.Span);
        return content is null ? value : value.With(taint: Taints.Union(value.Taint, content.Taint));
    }

    private ShellValue? Wget(Invocation call)
    {
        var url = call.Args.Positional.FirstOrDefault(p => p.Constant is { } c && ShellText.LooksLikeUrl(c)) ?? call.Args.Positional.FirstOrDefault();
        if (call.Args.Value("--post-file") is { } postFile)
        {
            call.Args.Named["--post-file"] = WithUploadTaint(postFile, wholeIsPath: true, call);
        }
        var download = Download(call, url);
        var target = call.Args.Value("-O") ?? call.Args.Value("-o");
        if (target is { Constant: "-" }) return download;
        var path = target?.Constant ?? (url?.Constant is { } u ? ShellText.UrlFileName(u) : null);
        if (path is not null)
        {
            if (target is null && (call.Args.Value("-P") ?? call.Args.Value("-d"))?.Constant is { } dir) path = dir.TrimEnd('/') + "/" + path;
            _files[ShellText.NormalizePath(path)] = download;
        }
        return null;
    }

    private ShellValue Download(Invocation call, ShellValue? url)
    {
        var detail = url?.Constant ?? (url is null ? call.Name : ShellValue.Slice(_doc, url.Span));
        return new ShellValue(call.Span, null, Taints.One("net.fetch", detail, _doc, call.Span));
    }

    /// <summary>`… | xargs [-I{}] cmd args`: the wrapped command gets stdin's words as arguments.</summary>
    private void XargsWords(Invocation call)
    {
        if (call.Wrapped < 0) return;
        var input = call.Stdin is { } s ? s with { Splittable = false } : new ShellValue(call.Span, null);
        var words = call.Words.Take(call.Wrapped).ToList();
        var replace = call.Args.Value("-I")?.Constant;
        var replaced = false;
        foreach (var w in call.Words.Skip(call.Wrapped))
        {
            if (replace is not null && w.Constant is { } c && c.Contains(replace, StringComparison.Ordinal))
            {
                words.Add(input.Constant is { } v && _fold.Spend(c.Length + v.Length) ? input.With(constant: c.Replace(replace, v, StringComparison.Ordinal)) : input.At(w.Span) with { Constant = null });
                replaced = true;
            }
            else
            {
                words.Add(w);
            }
        }
        if (!replaced) words.Add(input.At(call.Span));
        call.Words = words;
    }

    /// <summary>`find … -exec cmd {} \;`: the command run for each file is a call of its own.</summary>
    private void FindExec(Invocation call)
    {
        var start = call.Words.FindIndex(call.Index + 1, w => w.Constant is "-exec" or "-execdir" or "-ok" or "-okdir");
        if (start < 0 || start + 1 >= call.Words.Count) return;
        var end = call.Words.FindIndex(start + 1, w => w.Constant is ";" or "+");
        var words = call.Words.Take(start + 1).ToList();
        words.AddRange(call.Words.Skip(start + 1).Take((end < 0 ? call.Words.Count : end) - start - 1));
        call.Words = words;
        call.Wrapped = start + 1;
    }

    private ShellValue? RunDynamic(CommandStage stage, List<ShellValue> words, int index, ShellValue? stdin, TextSpan span)
    {
        var name = words[index];
        var args = new List<ShellValue> { name };
        args.AddRange(words.Skip(index + 1).Select(w => WithFileTaint(w, readsFiles: true)));
        var callee = ShellValue.Slice(_doc, name.Span);
        if (callee.Length > 80) callee = callee[..80];
        _facts.Calls.Add(new CallFact
        {
            Document = _doc,
            Callee = callee,
            Capabilities = ["proc.exec"],
            Span = span,
            CalleeSpan = name.Span,
            Args = args.Select(Fact).ToList(),
            Stdin = stdin is null ? null : Fact(stdin),
            ResolvedVia = name.Via is null ? "dynamic command name" : "dynamic command name (" + name.Via + ")",
        });
        var taint = Taints.Union(args.Append(stdin));
        return taint.Count == 0 ? null : new ShellValue(span, null, Taints.Through(taint, _doc, span, "output of " + callee));
    }

    private ShellValue? CallFunction(string name, TsNode body, List<ShellValue> words, ShellValue? stdin)
    {
        if (_inlineDepth > 0) return null;
        var args = words.Skip(1).ToList();
        var runs = _functionRuns.GetValueOrDefault(name);
        var signature = new StringBuilder(name);
        foreach (var a in args.Append(stdin))
        {
            signature.Append('\0');
            if (a is null) continue;
            signature.Append(a.Constant ?? "?");
            foreach (var t in a.Taint) signature.Append('|').Append(t.Kind).Append(':').Append(t.Detail);
        }
        // The first call is inlined; later ones only when they bring taint the body has not seen yet.
        var bringsTaint = stdin?.IsTainted == true || args.Any(a => a.IsTainted);
        if (runs >= MaxRunsPerFunction || (runs > 0 && !bringsTaint) || !_functionSignatures.Add(signature.ToString())) return null;
        _functionRuns[name] = runs + 1;
        var saved = _positional;
        _positional = args;
        _inlineDepth++;
        try
        {
            return EvaluateBlock(body, stdin, collectOutput: true);
        }
        finally
        {
            _inlineDepth--;
            _positional = saved;
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Redirections
    // ------------------------------------------------------------------------------------------------------------

    private ShellValue? RunRedirected(RedirectedStage stage, ShellValue? stdin)
    {
        var input = stdin;
        var writes = new List<Redirect>();
        List<Stage>? tail = null;
        var bodyName = stage.Body is CommandStage { Words: [var first, ..] } ? first : null;
        var pending = new Stack<Redirect>();
        for (var k = stage.Redirects.Count - 1; k >= 0; k--) pending.Push(stage.Redirects[k]);
        while (pending.Count > 0)
        {
            var r = pending.Pop();
            if (r.Tail is not null) tail = r.Tail;
            switch (r.Operator)
            {
                case "<<" or "<<-" or "<<<":
                    input = r.Target;
                    break;
                case "<":
                    if (NetworkPath(r.Target) is not null)
                    {
                        EmitNetworkRedirect(r, null, stage.Span, bodyName);
                        input = new ShellValue(r.Span, null, Taints.One("net.fetch", r.Target!.Constant ?? ShellValue.Slice(_doc, r.Target.Span), _doc, r.Span));
                    }
                    else
                    {
                        input = ReadFile(r.Target, r.Span, emit: true, stage.Span);
                    }
                    break;
                case "<>":
                    if (NetworkPath(r.Target) is not null)
                    {
                        writes.Add(r);
                        if (r.Descriptor is null or 0) input = new ShellValue(r.Span, null, Taints.One("net.fetch", r.Target!.Constant ?? "/dev/tcp", _doc, r.Span));
                    }
                    break;
                default:
                    if (r.IsFileWrite) writes.Add(r);
                    else if (r.Operator is "<&" && NetworkPath(r.Target) is not null) EmitNetworkRedirect(r, null, stage.Span, bodyName);
                    break;
            }
            if (r.Nested is not null)
            {
                for (var k = r.Nested.Count - 1; k >= 0; k--) pending.Push(r.Nested[k]);
            }
        }
        var output = Finalize(stage.Body, input);
        var stdoutRedirected = false;
        foreach (var w in writes)
        {
            var isStderr = w.Descriptor == 2;
            if (!isStderr && w.Operator != "<>") stdoutRedirected = true;
            if (NetworkPath(w.Target) is not null)
            {
                EmitNetworkRedirect(w, isStderr ? null : output, stage.Span, bodyName);
                continue;
            }
            if (w.Target is { } target) EmitWrite(target, w.Operator, isStderr ? null : output, stage.Span, w.Span, bodyName?.Constant);
        }
        if (stdoutRedirected) output = null;
        if (tail is not null)
        {
            foreach (var s in tail) output = Finalize(s, output);
        }
        return output;
    }

    private static string? NetworkPath(ShellValue? target)
    {
        var text = target?.Constant;
        if (text is null) return null;
        return text.StartsWith("/dev/tcp/", StringComparison.Ordinal) ? "/dev/tcp" : text.StartsWith("/dev/udp/", StringComparison.Ordinal) ? "/dev/udp" : null;
    }

    /// <summary>`&gt;&amp; /dev/tcp/HOST/PORT`: a socket. Args are the host and port; Named["command"] the redirected command.</summary>
    private void EmitNetworkRedirect(Redirect r, ShellValue? sent, TextSpan stageSpan, ShellValue? command)
    {
        var target = r.Target!;
        var kind = NetworkPath(target)!;
        var rest = target.Constant![(kind.Length + 1)..].Split('/', 2);
        var host = new ShellValue(target.Span, rest[0].Length > 0 ? rest[0] : null, target.Taint) { Origin = target.Origin };
        var port = new ShellValue(target.Span, rest.Length > 1 && rest[1].Length > 0 ? rest[1] : null) { Origin = target.Origin };
        var named = new Dictionary<string, ShellValue>(StringComparer.Ordinal) { ["operator"] = new(r.Span, r.Operator) };
        if (command is not null) named["command"] = command;
        EmitSynthetic(kind, stageSpan, r.Span, [host, port], named, sent);
    }

    /// <summary>`cmd &gt; file`, `&gt;&gt; file`, tee: a write of the command's output to a path.</summary>
    private void EmitWrite(ShellValue target, string op, ShellValue? content, TextSpan stageSpan, TextSpan redirectSpan, string? command)
    {
        var path = target.Constant;
        if (path is "/dev/null" or "/dev/stdout" or "/dev/stderr" || path?.StartsWith("/dev/fd/", StringComparison.Ordinal) == true) return;
        if (NetworkPath(target) is not null)
        {
            EmitNetworkRedirect(new Redirect { Operator = op, Target = target, Span = redirectSpan }, content, stageSpan, null);
            return;
        }
        var named = new Dictionary<string, ShellValue>(StringComparer.Ordinal) { ["operator"] = new(redirectSpan, op is ">>" or "&>>" ? ">>" : ">") };
        if (command is not null) named["command"] = new ShellValue(stageSpan, command);
        EmitSynthetic("redirect-write", stageSpan, redirectSpan, [target], named, content);
        if (path is null) return;
        var norm = ShellText.NormalizePath(path);
        var written = content ?? new ShellValue(stageSpan, null);
        if (op is ">>" or "&>>" && _files.TryGetValue(norm, out var before)) written = DoneStage.Join(stageSpan, [before, written], _fold)!;
        _files[norm] = written;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Facts
    // ------------------------------------------------------------------------------------------------------------

    private void Emit(Invocation call)
    {
        IReadOnlyDictionary<string, ValueFact> named = CallFact.EmptyNamed;
        if (call.Args.Named.Count > 0)
        {
            var map = new Dictionary<string, ValueFact>(call.Args.Named.Count, StringComparer.Ordinal);
            foreach (var (k, v) in call.Args.Named) map[k] = Fact(v);
            named = map;
        }
        var args = new ValueFact[call.Args.Positional.Count];
        for (var k = 0; k < args.Length; k++) args[k] = Fact(call.Args.Positional[k]);
        _facts.Calls.Add(new CallFact
        {
            Document = _doc,
            Callee = call.Name,
            Capabilities = call.Caps,
            Span = call.Span,
            CalleeSpan = call.NameValue.Span,
            Args = args,
            Named = named,
            Stdin = call.Stdin is null ? null : Fact(call.Stdin),
            ResolvedVia = call.Via,
        });
    }

    private void EmitSynthetic(string callee, TextSpan span, TextSpan calleeSpan, IReadOnlyList<ShellValue> args, Dictionary<string, ShellValue>? named, ShellValue? stdin)
    {
        _facts.Calls.Add(new CallFact
        {
            Document = _doc,
            Callee = callee,
            Capabilities = _catalog.Lookup(callee)?.Capabilities ?? [],
            Span = span,
            CalleeSpan = calleeSpan,
            Args = args.Select(Fact).ToList(),
            Named = named is null ? CallFact.EmptyNamed : named.ToDictionary(kv => kv.Key, kv => Fact(kv.Value), StringComparer.Ordinal),
            Stdin = stdin is null ? null : Fact(stdin),
        });
    }

    /// <summary>
    /// A value as a fact. Each keeps up to 512 characters of its source text, but the spans of nested code nest
    /// (`echo $(echo $(echo …))`: each argument's text holds the next), so once the facts of a document hold
    /// <see cref="FactTextBudgetFactor"/> times its length in text, later ones keep <see cref="FactTextAfterBudget"/>:
    /// memory stays linear in the file whatever the nesting.
    /// </summary>
    private ValueFact Fact(ShellValue value)
    {
        var max = _factText < (long)FactTextBudgetFactor * _doc.Text.Length + 64 * 1024 ? 512 : FactTextAfterBudget;
        var fact = value.ToFact(_doc, max);
        _factText += fact.Text.Length;
        return fact;
    }

    private long _factText;

    internal const int FactTextBudgetFactor = 4;

    internal const int FactTextAfterBudget = 64;

    /// <summary>Decoded text that looks like code is analysed as a document of its own.</summary>
    private void SniffDecoded(ShellValue value)
    {
        if (value.Constant is not { } text || value.DecodedBy is null) return;
        if (PayloadSniffer.Guess(text) is { } language && language.IsCode() && language != Language.CSharp)
        {
            Derive(value, language, value.DecodedBy + "-decoded text");
        }
    }

    /// <summary>
    /// Code held in a constant (bash -c, eval, an interpreter's stdin, a decoded payload) becomes a derived
    /// document. Literal text maps line by line to where it is written; decoded text maps to its literal.
    /// </summary>
    private void Derive(ShellValue code, Language language, string description)
    {
        if (code.Constant is not { } text || ShellText.IsBlank(text)) return;
        if (text.Length > _context.Limits.MaxDecodedChars) return;
        var origin = code.OriginOrSpan;
        // A decoded payload is analysed once however many routes reach it; literal code once per place.
        var key = code.DecodedBy is null ? (origin.Start, origin.End, language, text.GetHashCode(StringComparison.Ordinal)) : (-1, -1, language, text.GetHashCode(StringComparison.Ordinal));
        if (!_derivedKeys.Add(key)) return;
        SourceDocument derived;
        if (IsVerbatim(code))
        {
            var lines = new LineMap(text);
            var starts = new int[lines.LineCount];
            for (var i = 0; i < starts.Length; i++) starts[i] = origin.Start + lines.LineStart(i + 1);
            derived = SourceDocument.FromParentLines(_doc, text, language, starts, DocumentOrigin.Embedded, description);
        }
        else
        {
            derived = SourceDocument.FromParentSpan(_doc, text, language, origin,
                code.DecodedBy is null ? DocumentOrigin.Embedded : DocumentOrigin.Decoded, description);
        }
        _context.AddDerived(derived);
    }
}
