using System.Text.RegularExpressions;
using SkillScan.Semantics;
using SkillScan.Util;

namespace SkillScan.Rules.Matchers;

/// <summary>
/// One value flowing into a call, with the key it came in under ("0", "1", "shell", "-d", "stdin", "receiver")
/// and the role it plays for a network call: url, query, header, body, stdin, receiver or option.
/// </summary>
public readonly record struct CallInput(string Key, string Role, ValueFact Value);

/// <summary>Questions about a call's inputs that several matcher kinds ask.</summary>
public static class CallInputs
{
    // An argument is a header object when its first line names headers or a key. Searched on the first line alone
    // (`^.*\b(…)` over the whole text backtracked through every position of that line, for every argument of every call).
    private static readonly TieredRegex HeaderWords = TextPattern.CompileRegex(@"(?i)\b(headers?|authorization|bearer|x-api-key|api[-_]?key)\b", ignoreCase: false);
    private static readonly TieredRegex BodyWords = TextPattern.CompileRegex(@"(?i)\b(body|data|json|payload|content)\b\s*[:=]", ignoreCase: false);

    /// <summary>
    /// Every input with its role. Shell-like calls (shell commands, and command lines from strings) read flags:
    /// the word after `-H` is a header, after `-d` the body; the first URL-looking (or first non-flag) word is the URL.
    /// </summary>
    public static CallInput[] Of(CallFact call, bool shellWords)
    {
        var indicators = Indicators.Builtin;
        // Every call of a skill gets its inputs once (the index keeps them): one array of the exact size.
        var result = new CallInput[call.Args.Count + call.Named.Count + (call.Stdin is null ? 0 : 1) + (call.Receiver is null ? 0 : 1)];
        var n = 0;
        var anyUrl = -1;
        for (var i = 0; i < call.Args.Count; i++)
        {
            if (call.Args[i].Best.Contains("://", StringComparison.Ordinal))
            {
                anyUrl = i;
                break;
            }
        }
        string? pending = null;
        var urlSeen = false;
        for (var i = 0; i < call.Args.Count; i++)
        {
            var arg = call.Args[i];
            var word = arg.Best;
            string role;
            if (shellWords && pending is not null)
            {
                role = pending;
                pending = null;
            }
            else if (shellWords && word.Length > 1 && word[0] == '-')
            {
                var eq = word.IndexOf('=');
                var flag = eq > 0 ? word[..eq] : word;
                var flagRole = indicators.RoleOf(flag);
                if (eq > 0) role = flagRole ?? "option";
                else
                {
                    role = "option";
                    pending = flagRole;
                }
            }
            else if (!urlSeen && (anyUrl < 0 ? (shellWords || i == 0) : i == anyUrl))
            {
                role = "url";
                urlSeen = true;
            }
            else if (anyUrl >= 0 && word.Contains("://", StringComparison.Ordinal) && shellWords)
            {
                role = "url";
            }
            else if (!shellWords && IsHeaderObject(arg.Text) && !BodyWords.IsMatch(arg.Text))
            {
                role = "header";
            }
            else
            {
                role = "body";
            }
            result[n++] = new CallInput(PositionKey(i), role, arg);
        }
        foreach (var (key, value) in call.Named)
        {
            var role = indicators.RoleOf(key)
                ?? (key.StartsWith("headers.", StringComparison.OrdinalIgnoreCase) || key.StartsWith("headers[", StringComparison.OrdinalIgnoreCase) ? "header" : "body");
            result[n++] = new CallInput(key, role, value);
        }
        if (call.Stdin is not null) result[n++] = new CallInput("stdin", "stdin", call.Stdin);
        if (call.Receiver is not null) result[n] = new CallInput("receiver", "receiver", call.Receiver);
        return result;
    }

    private static readonly string[] PositionKeys = [.. Enumerable.Range(0, 16).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private static string PositionKey(int i) => i < PositionKeys.Length ? PositionKeys[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool IsHeaderObject(string text)
    {
        var newline = text.IndexOf('\n');
        return HeaderWords.IsMatch(newline < 0 ? text : text.AsSpan(0, newline));
    }

    /// <summary>Where a network call sends to: its first URL-role input that names a host; Unknown otherwise.</summary>
    public static Destination DestinationOf(IReadOnlyList<CallInput> inputs, ScanSettings settings)
    {
        // Options objects split the URL: { hostname: 'discord.com', path: '/api/webhooks/…' }.
        string? host = null, path = null;
        foreach (var input in inputs)
        {
            if (input.Value.Constant is not { } c) continue;
            if (input.Key is "hostname" or "host") host ??= c;
            else if (input.Key is "path" or "pathname") path ??= c;
        }
        if (host is not null && path is not null && !host.Contains('/') && path.StartsWith('/')
            && Destinations.FromHost(host + path, Indicators.Builtin, settings) is { } split)
        {
            return split;
        }
        foreach (var input in inputs)
        {
            if (input.Role != "url") continue;
            if (Destinations.FromValue(input.Value, Indicators.Builtin, settings, allowBareHost: true) is { } d) return d;
        }
        return Destination.Unknown;
    }

    /// <summary>
    /// The URL-role input of a call that sends a request object (`urlopen(req)`, `urlopen(Request(URL, …))`,
    /// `client.SendAsync(request)`), or null.
    /// </summary>
    public static ValueFact? RequestObject(IReadOnlyList<CallInput> inputs)
    {
        foreach (var input in inputs)
        {
            if (input.Role != "url") continue;
            var t = input.Value.Text.TrimStart();
            var inline = t.StartsWith("new ", StringComparison.Ordinal) || t.Contains("Request(", StringComparison.Ordinal);
            return input.Value.Constant is null && (IsIdentifier(t) || inline) ? input.Value : null;
        }
        return null;
    }

    private static bool IsIdentifier(string text)
    {
        var t = text.Trim();
        if (t.Length == 0 || !(char.IsLetter(t[0]) || t[0] == '_')) return false;
        foreach (var ch in t)
        {
            if (!(char.IsLetterOrDigit(ch) || ch == '_')) return false;
        }
        return true;
    }

    /// <summary>
    /// The inputs a selector names: a position ("0"), a role (url, query, header, body, stdin, receiver), "args"
    /// (all positional), "any", "target" (where a write goes), "content" (what is written), or a named key.
    /// </summary>
    public static IEnumerable<ValueFact> Select(CallFact call, IReadOnlyList<CallInput> inputs, string selector, bool shellWords)
    {
        switch (selector)
        {
            case "any":
                foreach (var i in inputs) yield return i.Value;
                yield break;
            case "args":
                foreach (var a in call.Args) yield return a;
                yield break;
            case "stdin":
                if (call.Stdin is not null) yield return call.Stdin;
                yield break;
            case "receiver":
                if (call.Receiver is not null) yield return call.Receiver;
                yield break;
            case "target":
                foreach (var t in WriteTargets(call, shellWords)) yield return t;
                yield break;
            case "code":
                foreach (var c in CodeInputs(call, shellWords)) yield return c;
                yield break;
            case "content":
                if (call.Stdin is not null) yield return call.Stdin;
                else if (call.Args.Count > 1 && !shellWords) yield return call.Args[1];
                foreach (var (k, v) in call.Named)
                {
                    if (k is "data" or "content" or "contents" or "text") yield return v;
                }
                yield break;
            case "url" or "query" or "header" or "body":
                foreach (var i in inputs)
                {
                    if (i.Role == selector) yield return i.Value;
                }
                yield break;
        }
        if (int.TryParse(selector, out var index))
        {
            if (index < call.Args.Count) yield return call.Args[index];
            yield break;
        }
        foreach (var (k, v) in call.Named)
        {
            if (string.Equals(k, selector, StringComparison.OrdinalIgnoreCase)) yield return v;
        }
    }

    /// <summary>
    /// Where a call writes: the last operand of cp/mv/install/ln/rsync/scp, every operand of tee, dd's of=, a
    /// redirection's target, otherwise the first argument (and path/file named arguments).
    /// </summary>
    public static IEnumerable<ValueFact> WriteTargets(CallFact call, bool shellWords)
    {
        if (shellWords)
        {
            var name = ShellStage.CommandName(call.Callee);
            var operands = call.Args.Where(a => !IsFlag(a.Best)).ToList();
            if (Indicators.Builtin.CopyCommands.Contains(name))
            {
                if (operands.Count > 1) yield return operands[^1];
                yield break;
            }
            if (name == "tee")
            {
                foreach (var o in operands) yield return o;
                yield break;
            }
            if (name == "dd")
            {
                foreach (var a in call.Args)
                {
                    if (a.Best.StartsWith("of=", StringComparison.Ordinal)) yield return new ValueFact(a.Span, a.Text[Math.Min(3, a.Text.Length)..], a.Best[3..], a.Taint);
                }
                yield break;
            }
            // Output files given by flags: tar -f/czf, zip -o, curl -o, sort -o.
            foreach (var (k, v) in call.Named)
            {
                if (k is "-f" or "--file" or "-o" or "--output" or "-O" or "--output-document") yield return v;
            }
            if (operands.Count > 0 && !call.Has("archive.create")) yield return operands[0];
            yield break;
        }
        if (call.Args.Count > 0) yield return call.Args[0];
        foreach (var (k, v) in call.Named)
        {
            if (k is "path" or "file" or "filename" or "dest" or "destination" or "target" or "FileName" or "Path") yield return v;
        }
        // Path(p).write_text(x), open(p, 'a').write(x): the object written through names the file.
        if (call.Receiver is not null) yield return call.Receiver;
    }

    private static readonly HashSet<string> CodeFlags = new(StringComparer.Ordinal)
    {
        "-c", "-e", "-E", "--eval", "-r", "-p", "--print", "-Command", "-command", "-EncodedCommand", "-enc",
        "-m", // python -m module: the module is the code; stdin is data
    };

    /// <summary>
    /// What a call runs as code: for an interpreter command the word after -c/-e/--eval (or, without one, its
    /// script operand, or its stdin when it has none or reads the script from stdin with -s); for an eval-like
    /// call its first argument (or stdin).
    /// </summary>
    public static IEnumerable<ValueFact> CodeInputs(CallFact call, bool shellWords)
    {
        if (!shellWords)
        {
            // new Function(a, b, body): the body is the last argument.
            if (call.Args.Count > 0) yield return call.Callee is "Function" || call.Callee.EndsWith(".Function", StringComparison.Ordinal) ? call.Args[^1] : call.Args[0];
            else if (call.Stdin is not null) yield return call.Stdin;
            yield break;
        }
        for (var i = 0; i < call.Args.Count; i++)
        {
            if (CodeFlags.Contains(call.Args[i].Best))
            {
                if (i + 1 < call.Args.Count) yield return call.Args[i + 1];
                yield break;
            }
        }
        foreach (var (k, v) in call.Named)
        {
            if (CodeFlags.Contains(k))
            {
                yield return v;
                yield break;
            }
        }
        // `sh -s -- args`: the script comes from stdin (extractors keep -s positional or as a flag).
        var readsStdin = call.Args.Any(a => a.Best is "-s" or "-" or "/dev/stdin") || call.Named.ContainsKey("-s");
        var operand = readsStdin ? null : call.Args.FirstOrDefault(a => !IsFlag(a.Best) && a.Best != "--");
        if (operand is not null) yield return operand;
        else if (call.Stdin is not null) yield return call.Stdin;
    }

    public static bool IsFlag(string word) => word.Length > 1 && word[0] == '-' && !char.IsDigit(word[1]);
}

/// <summary>Questions about one value.</summary>
public static class Values
{
    private static readonly TieredRegex Literal = TextPattern.CompileRegex(
        @"^\s*(-?(0[xXoObB])?[0-9][0-9_a-fA-F.]*[lLuUmMdDfF]?|true|false|True|False|None|null|undefined|nil|'[^'\\]*'|""[^""\\]*"")\s*$");
    private static readonly TieredRegex QuotedLiteral = TextPattern.CompileRegex(@"'((?:[^'\\\n]|\\.)*)'|""((?:[^""\\\n]|\\.)*)""|`((?:[^`\\$]|\\.)*)`");

    /// <summary>The value is known: a folded constant, or a number/boolean/quoted literal.</summary>
    public static bool IsConstant(ValueFact value) => value.Constant is not null || Literal.IsMatch(value.Text);

    /// <summary>The string literals written in an expression's source text, in order.</summary>
    public static IEnumerable<string> StringLiterals(string text)
    {
        foreach (Match m in QuotedLiteral.Matches(text))
        {
            for (var g = 1; g <= 3; g++)
            {
                if (m.Groups[g].Success)
                {
                    yield return m.Groups[g].Value;
                    break;
                }
            }
        }
    }

    /// <summary>
    /// Texts a path value may stand for: its constant, its source text, and its string literals joined with '/'
    /// (`os.path.join(home, '.ssh', 'id_rsa')` → `.ssh/id_rsa`), each without a leading `@`/`<` (curl upload syntax).
    /// </summary>
    public static IEnumerable<string> PathCandidates(ValueFact value)
    {
        if (value.Constant is { } c) yield return Clean(c);
        if (value.Shape is { } shape) yield return Clean(shape);
        yield return Clean(value.Text);
        var literals = StringLiterals(value.Text).Where(l => l.Length > 0).ToList();
        if (literals.Count > 1) yield return Clean(string.Join('/', literals.Select(l => l.Trim('/'))));

        // `@"$HOME/.ssh/id_rsa"` → `$HOME/.ssh/id_rsa`
        static string Clean(string s) => s.Trim().TrimStart('@', '<').Replace("\"", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal);
    }

    /// <summary>Whether a value was decoded at run time (folded through a decoder, tainted by one, or written as a decoder call).</summary>
    public static bool IsDecoded(ValueFact value) =>
        value.DecodedBy is not null || value.Taint.Any(t => t.Kind == "crypto.decode") || Indicators.Builtin.LooksDecoded(value.Text);

    /// <summary>A short, single-line rendering of a value for messages.</summary>
    public static string Show(string text, int max = 100) => Show(text.AsSpan(), max);

    /// <summary>
    /// As <see cref="Show(string, int)"/>, reading only the first 2·max+2 characters after leading white space: a
    /// call's text holds the text of every call nested in it, so reading it all would be quadratic in the nesting.
    /// </summary>
    public static string Show(ReadOnlySpan<char> text, int max = 100)
    {
        text = text.TrimStart();
        var limit = 2 * max + 2; // a CR LF pair becomes one space: a cut this long still has more than max characters
        if (text.Length > limit) return text[..limit].ToString().ReplaceLineEndings(" ")[..(max - 1)] + "…";
        var oneLine = text.ToString().ReplaceLineEndings(" ").TrimEnd();
        return oneLine.Length <= max ? oneLine : oneLine[..(max - 1)] + "…";
    }
}
