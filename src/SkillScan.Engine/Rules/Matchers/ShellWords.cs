using System.Text;

namespace SkillScan.Rules.Matchers;

/// <summary>One simple command of a command line: its words, where its output is redirected, its place in a pipeline.</summary>
/// <param name="Pipeline">Index of the pipeline (separated by ;, &&, ||, newlines) in the line.</param>
/// <param name="Position">Index of the stage within its pipeline (0 = first; later stages read earlier ones' output).</param>
public sealed record ShellStage(IReadOnlyList<string> Words, IReadOnlyList<string> WriteTargets, int Pipeline, int Position)
{
    public string Name => Words.Count == 0 ? "" : CommandName(Words[0]);

    /// <summary>`/usr/bin/curl` → `curl`.</summary>
    public static string CommandName(string word)
    {
        var slash = word.LastIndexOf('/');
        return slash >= 0 && slash < word.Length - 1 && !word.StartsWith("/dev/", StringComparison.Ordinal) ? word[(slash + 1)..] : word;
    }
}

/// <summary>
/// A small shell lexer for command lines held in strings of other languages (`os.system("curl … | sh")`,
/// `exec('rm -rf ~')`): quotes, escapes, `$(…)`/backticks kept as words, pipelines, `;`/`&&`/`||`, redirections,
/// and wrappers (sudo, env, nohup, timeout…) whose wrapped command becomes a stage of its own. It does not
/// expand anything; it is bounded in length and stage count.
/// </summary>
public static class ShellWords
{
    public const int MaxChars = 64 * 1024;
    public const int MaxStages = 256;

    private static readonly HashSet<string> Wrappers = new(StringComparer.Ordinal)
    {
        "sudo", "doas", "env", "nohup", "time", "exec", "command", "nice", "timeout", "xargs", "stdbuf", "setsid", "builtin",
    };

    public static List<ShellStage> Parse(string line)
    {
        if (line.Length > MaxChars) line = line[..MaxChars];
        var stages = new List<ShellStage>();
        var words = new List<string>();
        var targets = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var pendingRedirect = false;
        var pipeline = 0;
        var position = 0;

        void EndWord()
        {
            if (!inWord) return;
            var w = word.ToString();
            word.Clear();
            inWord = false;
            if (pendingRedirect)
            {
                targets.Add(w);
                pendingRedirect = false;
            }
            else
            {
                words.Add(w);
            }
        }

        void EndStage(bool newPipeline)
        {
            EndWord();
            if (words.Count > 0 || targets.Count > 0)
            {
                AddStage(stages, words, targets, pipeline, position);
            }
            words = new List<string>();
            targets = new List<string>();
            pendingRedirect = false;
            if (newPipeline)
            {
                pipeline++;
                position = 0;
            }
            else
            {
                position++;
            }
        }

        for (var i = 0; i < line.Length && stages.Count < MaxStages; i++)
        {
            var c = line[i];
            switch (c)
            {
                case ' ' or '\t' or '\r':
                    EndWord();
                    break;
                case '\n':
                    EndStage(newPipeline: true);
                    break;
                case '#' when !inWord:
                    while (i + 1 < line.Length && line[i + 1] != '\n') i++;
                    break;
                case '\\':
                    if (i + 1 < line.Length)
                    {
                        i++;
                        if (line[i] != '\n') word.Append(line[i]);
                        inWord = true;
                    }
                    break;
                case '\'':
                    inWord = true;
                    i++;
                    while (i < line.Length && line[i] != '\'') word.Append(line[i++]);
                    break;
                case '"':
                    inWord = true;
                    i++;
                    while (i < line.Length && line[i] != '"')
                    {
                        if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\' or '$' or '`') i++;
                        word.Append(line[i++]);
                    }
                    break;
                case '`':
                    inWord = true;
                    word.Append(c);
                    i++;
                    while (i < line.Length && line[i] != '`') word.Append(line[i++]);
                    word.Append('`');
                    break;
                case '$' when i + 1 < line.Length && line[i + 1] == '(':
                case '<' when i + 1 < line.Length && line[i + 1] == '(' && !inWord:
                    inWord = true;
                    i = CopyBalanced(line, i, word);
                    break;
                case '|':
                    if (i + 1 < line.Length && line[i + 1] == '|')
                    {
                        i++;
                        EndStage(newPipeline: true);
                    }
                    else
                    {
                        if (i + 1 < line.Length && line[i + 1] == '&') i++; // |& pipes stderr too
                        EndStage(newPipeline: false);
                    }
                    break;
                case ';':
                    EndStage(newPipeline: true);
                    break;
                case '&':
                    if (i + 1 < line.Length && line[i + 1] == '>')
                    {
                        // &> file / &>> file
                        EndWord();
                        i++;
                        if (i + 1 < line.Length && line[i + 1] == '>') i++;
                        pendingRedirect = true;
                        break;
                    }
                    if (i + 1 < line.Length && line[i + 1] == '&') i++;
                    EndStage(newPipeline: true);
                    break;
                case '>' or '<':
                {
                    // An all-digit word just before is a file descriptor (2>, 0<), not an argument.
                    if (inWord && IsDigits(word))
                    {
                        word.Clear();
                        inWord = false;
                    }
                    EndWord();
                    var isWrite = c == '>';
                    if (i + 1 < line.Length && line[i + 1] == '>') i++;
                    if (i + 1 < line.Length && line[i + 1] == '&')
                    {
                        // >&2, 2>&1: descriptor duplication; >& file (bash) is a write.
                        i++;
                        var j = i + 1;
                        while (j < line.Length && char.IsDigit(line[j])) j++;
                        if (j > i + 1 || (j < line.Length && line[j] == '-'))
                        {
                            i = j < line.Length && line[j] == '-' ? j : j - 1;
                            break;
                        }
                    }
                    if (i + 1 < line.Length && line[i + 1] == '<') i++; // <<< here-string, << here-doc marker
                    if (isWrite) pendingRedirect = true;
                    else SkipNextWord(line, ref i);
                    break;
                }
                default:
                    inWord = true;
                    word.Append(c);
                    break;
            }
        }
        EndStage(newPipeline: true);
        return stages;
    }

    private static void AddStage(List<ShellStage> stages, List<string> words, List<string> targets, int pipeline, int position)
    {
        // Leading VAR=value assignments belong to the command's environment.
        var start = 0;
        while (start < words.Count && IsAssignment(words[start])) start++;
        var own = words.Skip(start).ToList();
        stages.Add(new ShellStage(own, targets, pipeline, position));
        // A wrapper runs the command after its options: record that command as a stage of its own too.
        var depth = 0;
        while (own.Count > 1 && Wrappers.Contains(ShellStage.CommandName(own[0])) && depth++ < 4)
        {
            var wrapper = ShellStage.CommandName(own[0]);
            var k = 1;
            while (k < own.Count && (own[k].StartsWith('-') || IsAssignment(own[k])))
            {
                // Options with a value: sudo -u user, timeout -s SIG, nice -n 5.
                if (own[k] is "-u" or "-g" or "-s" or "-n" or "-k" or "-C" or "-I" or "-P" or "-L" or "-o" or "-e" or "-i" && wrapper is not "env" && k + 1 < own.Count) k++;
                k++;
            }
            if (wrapper == "timeout" && k < own.Count && char.IsDigit(own[k][0])) k++;
            if (k >= own.Count) break;
            own = own.Skip(k).ToList();
            stages.Add(new ShellStage(own, targets, pipeline, position));
        }
    }

    private static bool IsAssignment(string word)
    {
        var eq = word.IndexOf('=');
        if (eq <= 0) return false;
        for (var i = 0; i < eq; i++)
        {
            var ch = word[i];
            if (!(char.IsAsciiLetterOrDigit(ch) || ch == '_') || (i == 0 && char.IsDigit(ch))) return false;
        }
        return true;
    }

    private static bool IsDigits(StringBuilder sb)
    {
        if (sb.Length == 0) return false;
        for (var i = 0; i < sb.Length; i++)
        {
            if (!char.IsDigit(sb[i])) return false;
        }
        return true;
    }

    /// <summary>Copies `$( … )` or `<( … )` with nested parentheses (and quotes inside) into the word.</summary>
    private static int CopyBalanced(string line, int i, StringBuilder word)
    {
        var depth = 0;
        for (; i < line.Length; i++)
        {
            var ch = line[i];
            word.Append(ch);
            if (ch == '(') depth++;
            else if (ch == ')' && --depth == 0) return i;
            else if (ch is '\'' or '"')
            {
                var quote = ch;
                while (i + 1 < line.Length && line[i + 1] != quote) word.Append(line[++i]);
                if (i + 1 < line.Length) word.Append(line[++i]);
            }
        }
        return line.Length - 1;
    }

    private static void SkipNextWord(string line, ref int i)
    {
        while (i + 1 < line.Length && line[i + 1] is ' ' or '\t') i++;
        while (i + 1 < line.Length && line[i + 1] is not (' ' or '\t' or '\n' or ';' or '|' or '&')) i++;
    }
}
