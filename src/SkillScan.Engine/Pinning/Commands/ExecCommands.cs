using SkillScan.Model;
using SkillScan.Semantics;

namespace SkillScan.Pinning.Commands;

/// <summary>
/// Command lines that JavaScript, Python or C# code hands to a process API: `execSync("npm i x")`,
/// `subprocess.run("pip install x", shell=True)`, `spawn("npm", ["install", "x"])`,
/// `subprocess.check_call([sys.executable, "-m", "pip", "install", "x"])`. Turned into <see cref="CommandLine"/>s.
/// </summary>
public static class ExecCommands
{
    /// <summary>Interpreter expressions that stand for "python" in argument lists.</summary>
    private static readonly HashSet<string> PythonExecutables = new(StringComparer.Ordinal) { "sys.executable", "process.execPath" };

    /// <summary>Whether the call starts a process (<see cref="From"/> finds command lines in no other call).</summary>
    public static bool StartsProcess(CallFact call) => call.Has("proc.exec") || call.Has("proc.shell");

    public static IEnumerable<CommandLine> From(CallFact call, string folder)
    {
        if (!StartsProcess(call)) yield break;
        if (call.Args.Count == 0) yield break;
        var document = call.Document;
        var first = call.Args[0];
        var list = ListWords(document, first);
        if (list is { Count: > 0 })
        {
            // run(["pip", "install", "x"]) / run([sys.executable, "-m", "pip", ...])
            if (list[0].Text is { } program) yield return new CommandLine(program, list.Skip(1).ToList(), document, first.Span, folder);
            yield break;
        }
        if (first.Constant is not { } command) yield break;
        var second = call.Args.Count > 1 ? ListWords(document, call.Args[1]) : null;
        if (second is not null && !command.Contains(' '))
        {
            // spawn("npm", ["install", "x"]) / execFile("pip", [...])
            yield return new CommandLine(command, second, document, TextSpan.FromBounds(first.Span.Start, call.Args[1].Span.End), folder);
            yield break;
        }
        // exec("npm install x && npx y"): a shell command line in a string.
        var exact = LiteralContentStart(document, first, command);
        foreach (var (name, args, span) in ShellWords.Split(command,
                     (s, e) => exact is { } at ? TextSpan.FromBounds(at + s, at + e) : first.Span, exactPositions: exact is not null))
        {
            yield return new CommandLine(name, args, document, span, folder);
        }
    }

    /// <summary>Where the string's characters start in the source, when the literal is written without escapes.</summary>
    private static int? LiteralContentStart(SourceDocument document, ValueFact value, string constant)
    {
        var source = document.Slice(value.Span);
        if (source.Length == constant.Length + 2 && source[0] is '"' or '\'' or '`' && source[1..^1] == constant) return value.Span.Start + 1;
        return null;
    }

    /// <summary>The elements of a list/array/tuple literal of strings, with their spans; null when the value is not one.</summary>
    private static List<CommandWord>? ListWords(SourceDocument document, ValueFact value)
    {
        var text = document.Slice(value.Span);
        if (text.Length < 2 || !((text[0] == '[' && text[^1] == ']') || (text[0] == '(' && text[^1] == ')'))) return null;
        var words = new List<CommandWord>();
        var i = 1;
        while (i < text.Length - 1)
        {
            while (i < text.Length - 1 && (char.IsWhiteSpace(text[i]) || text[i] == ',')) i++;
            if (i >= text.Length - 1) break;
            var start = i;
            if (text[i] is '"' or '\'')
            {
                var quote = text[i];
                var close = text.IndexOf(quote, i + 1);
                if (close < 0) return null;
                var content = text[(i + 1)..close];
                var escaped = content.Contains('\\');
                words.Add(new CommandWord(escaped ? null : content,
                    TextSpan.FromBounds(value.Span.Start + i + (escaped ? 0 : 1), value.Span.Start + close + (escaped ? 1 : 0)), !escaped));
                i = close + 1;
                continue;
            }
            // A non-literal element: only an interpreter path is understood, anything else has no known value.
            var depth = 0;
            while (i < text.Length - 1 && !(depth == 0 && text[i] == ','))
            {
                if (text[i] is '(' or '[' or '{') depth++;
                else if (text[i] is ')' or ']' or '}') depth--;
                i++;
            }
            var expression = text[start..i].Trim();
            words.Add(new CommandWord(PythonExecutables.Contains(expression) ? "python" : null,
                TextSpan.FromBounds(value.Span.Start + start, value.Span.Start + i), Verbatim: false));
        }
        return words;
    }
}
