using SkillScan.Model;
using SkillScan.Semantics;

namespace SkillScan.Pinning.Commands;

/// <summary>One word of a command line: its value when known, and where it is.</summary>
/// <param name="Text">The word after quote removal; null when it holds expansions whose value is unknown.</param>
/// <param name="Verbatim">The source text at <paramref name="Span"/> is exactly <paramref name="Text"/> (a fix may replace it).</param>
public sealed record CommandWord(string? Text, TextSpan Span, bool Verbatim);

/// <summary>A command to look at: its name, its words, and where it was written.</summary>
public sealed record CommandLine(string Command, IReadOnlyList<CommandWord> Args, SourceDocument Document, TextSpan Span, string Folder)
{
    /// <summary>Describes where the command comes from when it is not written as a command (a front-matter install spec).</summary>
    public string? Label { get; init; }

    /// <summary>A short quote of the command for messages: "`npm install -g foo` in SKILL.md".</summary>
    public string Where
    {
        get
        {
            if (Label is not null) return Label;
            var source = Document.Slice(Span).Replace("\\\r\n", " ", StringComparison.Ordinal).Replace("\\\n", " ", StringComparison.Ordinal);
            var text = string.Join(' ', source.Split(['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
            if (text.Length > 70) text = text[..67] + "...";
            return $"`{text}` in {Document.File.Path}";
        }
    }

    /// <summary>The same command with its first words dropped (a wrapper or subcommand resolved).</summary>
    public CommandLine Skip(int count, string? command = null) =>
        this with { Command = command ?? Command, Args = Args.Skip(count).ToList() };

    /// <summary>From a shell call fact: positional words in order, then flags the extractor recorded as named.</summary>
    public static CommandLine FromCall(CallFact call, string folder)
    {
        var words = new List<CommandWord>();
        foreach (var arg in call.Args) words.Add(Word(call.Document, arg));
        foreach (var (flag, value) in call.Named)
        {
            // A flag's value the extractor also kept as a positional word is not repeated.
            var already = call.Args.Any(a => a.Span == value.Span);
            words.Add(new CommandWord(flag, value.Span, Verbatim: false));
            if (!already) words.Add(Word(call.Document, value));
        }
        return new CommandLine(call.Callee, words, call.Document, call.Span, folder);
    }

    private static CommandWord Word(SourceDocument document, ValueFact value) =>
        new(value.Constant, value.Span, value.Constant is not null && document.Slice(value.Span) == value.Constant);
}

/// <summary>Options and positional words of a command, given which flags take a value.</summary>
public sealed class ParsedArgs
{
    public List<CommandWord> Positionals { get; } = new();

    public List<(string Flag, CommandWord? Value)> Options { get; } = new();

    public bool Has(params string[] flags) => Options.Any(o => flags.Contains(o.Flag));

    public IEnumerable<CommandWord> Values(params string[] flags) =>
        Options.Where(o => flags.Contains(o.Flag) && o.Value is not null).Select(o => o.Value!);

    public CommandWord? Value(params string[] flags) => Values(flags).LastOrDefault();

    /// <summary>
    /// Splits words into options and positionals. `--flag=value` and `--flag value` (when the flag takes a
    /// value) are options; `--` ends options. With <paramref name="stopAtFirstPositional"/>, everything from the
    /// first positional on is left unparsed (the arguments of a command run by npx/uvx belong to it).
    /// </summary>
    public static ParsedArgs Parse(IReadOnlyList<CommandWord> words, IReadOnlySet<string> valueFlags, bool stopAtFirstPositional = false)
    {
        var parsed = new ParsedArgs();
        var onlyPositionals = false;
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            var text = w.Text;
            if (onlyPositionals || text is null || text.Length < 2 || text[0] != '-')
            {
                parsed.Positionals.Add(w);
                if (stopAtFirstPositional)
                {
                    parsed.Rest = words.Skip(i + 1).ToList();
                    return parsed;
                }
                continue;
            }
            if (text == "--")
            {
                onlyPositionals = true;
                continue;
            }
            var eq = text.IndexOf('=');
            if (text.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                var value = text[(eq + 1)..];
                var offset = w.Verbatim ? eq + 1 : 0;
                parsed.Options.Add((text[..eq], new CommandWord(value,
                    w.Verbatim ? TextSpan.FromBounds(w.Span.Start + offset, w.Span.End) : w.Span, w.Verbatim)));
                continue;
            }
            if (valueFlags.Contains(text))
            {
                parsed.Options.Add((text, i + 1 < words.Count ? words[i + 1] : null));
                i++;
                continue;
            }
            // -vX style short flag with an attached value, e.g. `-r requirements.txt` written `-rrequirements.txt`.
            if (text.Length > 2 && text[1] != '-' && valueFlags.Contains(text[..2]))
            {
                parsed.Options.Add((text[..2], new CommandWord(text[2..],
                    w.Verbatim ? TextSpan.FromBounds(w.Span.Start + 2, w.Span.End) : w.Span, w.Verbatim)));
                continue;
            }
            parsed.Options.Add((text, null));
        }
        return parsed;
    }

    /// <summary>With stopAtFirstPositional: the words after the first positional.</summary>
    public IReadOnlyList<CommandWord> Rest { get; private set; } = Array.Empty<CommandWord>();
}
