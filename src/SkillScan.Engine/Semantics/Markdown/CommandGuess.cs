using System.Text.RegularExpressions;
using SkillScan.Model;

namespace SkillScan.Semantics.Markdown;

/// <summary>
/// Decides whether text from Markdown (an untagged block, inline code, a prose line) is a shell command line.
/// Commands start with a known command word (or a path), then look like arguments rather than English.
/// </summary>
public static partial class CommandGuess
{
    /// <summary>Words that follow a command word in English prose, not on a command line ("open the file").</summary>
    private static readonly HashSet<string> EnglishFollowers = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "your", "this", "that", "these", "those", "it", "its", "to", "and", "or", "of", "in", "on", "with",
        "for", "is", "are", "was", "be", "by", "as", "at", "from", "if", "when", "then", "you", "my", "our", "their", "any",
        "all", "some", "each", "every", "up", "out", "into", "back", "again", "here", "there", "now", "first", "not",
        "sure", "yourself", "me", "us", "them", "how", "what", "which", "whether", "over", "about", "through", "so",
    };

    /// <summary>
    /// A prompt at the start of a console line: "$ ", "% " or "❯ " (a root "# " is not stripped: it reads as a comment).
    /// Returns its length including the space, or 0.
    /// </summary>
    public static int PromptLength(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] is ' ' or '\t') i++;
        if (i + 1 < line.Length && line[i] is '$' or '%' or '❯' or '➜' && line[i + 1] == ' ') return i + 2;
        return 0;
    }

    /// <summary>The first word of a command line (after a prompt, `sudo`, and leading VAR=value assignments).</summary>
    public static string FirstWord(string line)
    {
        var rest = line.AsSpan().TrimStart();
        for (var guard = 0; guard < 8; guard++)
        {
            var end = rest.IndexOfAny(' ', '\t');
            var word = end < 0 ? rest : rest[..end];
            if (word.Contains('=') && !word.StartsWith("=") && AssignmentRegex().IsMatch(word) && end > 0)
            {
                rest = rest[end..].TrimStart();
                continue;
            }
            return word.ToString();
        }
        return "";
    }

    /// <summary>
    /// Whether one line reads as a command. <paramref name="strict"/> is for prose, where a command word is also an
    /// English word: the rest must carry shell syntax (flags, pipes, paths, URLs, redirections, quotes).
    /// </summary>
    public static bool IsCommandLine(string line, InstructionCatalog catalog, bool strict)
    {
        var text = line.Trim();
        if (text.Length < 3 || text.Length > 4000) return false;
        text = text[PromptLength(text)..].TrimStart();
        var first = FirstWord(text);
        if (first.Length == 0) return false;
        var isPath = first.StartsWith("./", StringComparison.Ordinal) || first.StartsWith("~/", StringComparison.Ordinal)
            || (first.StartsWith('/') && first.Length > 1 && first.Skip(1).All(c => char.IsLetterOrDigit(c) || c is '/' or '.' or '_' or '-'));
        if (!isPath && !catalog.CommandWords.Contains(first)) return false;
        var rest = text[(text.IndexOf(first, StringComparison.Ordinal) + first.Length)..].TrimStart();
        if (rest.Length == 0) return !strict && isPath;
        var second = rest.Split(' ', '\t')[0].TrimEnd(',', '.', ':', ';');
        if (EnglishFollowers.Contains(second)) return false;
        if (!strict) return true;
        if (ShellSyntaxRegex().IsMatch(rest)) return true;
        // Without shell syntax, only a short "tool subcommand args" line counts ("brew install jq"); a sentence
        // (a full stop after a word, commas, many words) does not.
        var words = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return words.Length is >= 2 and <= 8 && !text.Contains(',') && !ProseEndingRegex().IsMatch(text)
            && SubcommandRegex().IsMatch(second);
    }

    /// <summary>Whether a block of lines is shell: most of its non-blank, non-comment lines are command lines.</summary>
    public static bool IsShellBlock(string text, InstructionCatalog catalog)
    {
        var commands = 0;
        var others = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (IsCommandLine(line, catalog, strict: false)) commands++;
            else if (!ContinuationRegex().IsMatch(line)) others++;
            if (commands + others >= 40) break;
        }
        return commands > 0 && commands >= others;
    }

    /// <summary>The language an untagged block is analysed as: shell when it reads as commands, else Python/JS code, else none.</summary>
    public static Language GuessBlock(string text, InstructionCatalog catalog)
    {
        if (IsShellBlock(text, catalog)) return Language.Bash;
        return PayloadSniffer.Guess(text) is { } sniffed && sniffed.IsCode() ? sniffed : Language.Unknown;
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*=")]
    private static partial Regex AssignmentRegex();

    [GeneratedRegex(@"(^|\s)--?[A-Za-z0-9]|\||&&|;|\$\(|\$\{|\$[A-Z_]|`|>|<|://|(^|\s)[~.]?/[\w.-]|(^|\s)[\w.-]+/[\w.-]|[""']|@[\w.-]+|==|\\$|\b[\w.-]+\.(sh|py|js|ts|json|zip|tar|gz|tgz|exe|ps1|txt|md|yaml|yml|toml)\b|[\w-]+@\d|\b\w+@latest\b")]
    private static partial Regex ShellSyntaxRegex();

    [GeneratedRegex(@"^[a-z][a-z0-9-]*$")]
    private static partial Regex SubcommandRegex();

    [GeneratedRegex(@"[A-Za-z]{2,}[.!?]$")]
    private static partial Regex ProseEndingRegex();

    [GeneratedRegex(@"^([|&\\)}\]]|\w+\)|-{1,2}\w|done\b|fi\b|esac\b|then\b|else\b|do\b)")]
    private static partial Regex ContinuationRegex();
}
