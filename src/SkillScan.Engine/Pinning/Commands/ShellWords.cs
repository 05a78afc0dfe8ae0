using System.Text;
using SkillScan.Model;

namespace SkillScan.Pinning.Commands;

/// <summary>
/// Splits a command string that no front end parses (a package.json script) into simple commands and words:
/// quotes, backslashes, and the separators `; &amp;&amp; || | &amp;` and newlines. Words holding `$` expansions or
/// backquotes have no known value. Enough to find `npx x` or `pip install y` inside a script; the bash front end
/// does the real parsing for shell files and SKILL.md blocks.
/// </summary>
public static class ShellWords
{
    private static readonly HashSet<string> Wrappers = new(StringComparer.Ordinal) { "sudo", "env", "nohup", "time", "exec", "command", "doas" };

    /// <param name="text">The command string.</param>
    /// <param name="map">Maps [start, end) in <paramref name="text"/> to a span of the document (exact or the whole literal).</param>
    /// <param name="exactPositions">The map is exact (the string had no escapes), so words may be replaced by a fix.</param>
    public static List<(string Command, List<CommandWord> Args, TextSpan Span)> Split(string text, Func<int, int, TextSpan> map, bool exactPositions)
    {
        var commands = new List<(string, List<CommandWord>, TextSpan)>();
        var words = new List<CommandWord>();
        var commandStart = -1;
        var commandEnd = -1;
        var i = 0;
        void EndCommand()
        {
            // Drop leading assignments (FOO=1 cmd) and wrappers with their flags (sudo -E, env -i).
            var first = 0;
            var afterWrapper = false;
            while (first < words.Count && words[first].Text is { } t)
            {
                if (Wrappers.Contains(t)) afterWrapper = true;
                else if (!IsAssignment(t) && !(afterWrapper && t.StartsWith('-'))) break;
                first++;
            }
            if (first < words.Count && words[first].Text is { } command)
            {
                commands.Add((Path.GetFileName(command), words.Skip(first + 1).ToList(), map(commandStart, commandEnd)));
            }
            words = new List<CommandWord>();
            commandStart = -1;
        }
        while (i < text.Length)
        {
            var c = text[i];
            if (c is ' ' or '\t')
            {
                i++;
                continue;
            }
            if (c is '\n' or ';' or '|' or '&' or '(' or ')')
            {
                EndCommand();
                i++;
                continue;
            }
            if (c == '#')
            {
                while (i < text.Length && text[i] != '\n') i++;
                continue;
            }
            var start = i;
            if (commandStart < 0) commandStart = start;
            var sb = new StringBuilder();
            var known = true;
            var plain = true;          // no quotes or backslashes: the source is the word
            var unquotedChars = false; // some characters outside quotes
            var quotedSegments = 0;
            var escaped = false;
            int contentStart = -1, contentEnd = -1;
            while (i < text.Length && text[i] is not (' ' or '\t' or '\n' or ';' or '|' or '&' or '(' or ')'))
            {
                var ch = text[i];
                if (ch == '\'')
                {
                    plain = false;
                    quotedSegments++;
                    var close = text.IndexOf('\'', i + 1);
                    if (close < 0) close = text.Length;
                    sb.Append(text, i + 1, close - i - 1);
                    (contentStart, contentEnd) = (i + 1, close);
                    i = Math.Min(close + 1, text.Length);
                }
                else if (ch == '"')
                {
                    plain = false;
                    quotedSegments++;
                    contentStart = ++i;
                    while (i < text.Length && text[i] != '"')
                    {
                        if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`')
                        {
                            escaped = true;
                            i++;
                        }
                        else if (text[i] is '$' or '`')
                        {
                            known = false;
                        }
                        sb.Append(text[i]);
                        i++;
                    }
                    contentEnd = i;
                    i = Math.Min(i + 1, text.Length);
                }
                else if (ch == '\\' && i + 1 < text.Length)
                {
                    plain = false;
                    escaped = true;
                    unquotedChars = true;
                    sb.Append(text[i + 1]);
                    i += 2;
                }
                else
                {
                    if (ch is '$' or '`') known = false;
                    unquotedChars = true;
                    sb.Append(ch);
                    i++;
                }
            }
            commandEnd = i;
            // A word that is one quoted string ('x>=1' or "x>=1") points at the characters inside the quotes.
            var wholeQuoted = known && !escaped && !unquotedChars && quotedSegments == 1;
            words.Add(wholeQuoted
                ? new CommandWord(sb.ToString(), map(contentStart, contentEnd), exactPositions)
                : new CommandWord(known ? sb.ToString() : null, map(start, i), exactPositions && known && plain));
        }
        EndCommand();
        return commands;
    }

    private static bool IsAssignment(string word)
    {
        var eq = word.IndexOf('=');
        return eq > 0 && (char.IsAsciiLetter(word[0]) || word[0] == '_') && word[..eq].All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_');
    }
}
