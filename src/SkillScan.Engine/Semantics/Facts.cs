using SkillScan.Model;

namespace SkillScan.Semantics;

/// <summary>
/// Where tainted data came from: an environment read, a credential file, a download... Carries the trail of
/// steps (assignments, string building, encoding) it took, which becomes a SARIF code flow.
/// </summary>
/// <param name="Kind">A source capability: env.read, env.dump, secret.read, host.info, clipboard.read, net.fetch, crypto.decode ...</param>
/// <param name="Detail">What exactly: "OPENAI_API_KEY", "~/.ssh/id_rsa", "https://…".</param>
public sealed record TaintSource(string Kind, string Detail, SourceDocument Document, TextSpan Span, IReadOnlyList<FlowStep> Steps)
{
    /// <summary>The same source with one more step appended (bounded so long chains stay cheap).</summary>
    public TaintSource Through(SourceDocument document, TextSpan span, string message) =>
        Steps.Count >= 16 ? this : this with { Steps = [.. Steps, new FlowStep(document, span, message)] };
}

/// <summary>One step of a data flow, in a document.</summary>
public sealed record FlowStep(SourceDocument Document, TextSpan Span, string Message)
{
    public SourceLocation Location => Document.Locate(Span);
}

/// <summary>What static evaluation knows about an expression's value.</summary>
public sealed class ValueFact
{
    public static readonly IReadOnlyList<TaintSource> NoTaint = Array.Empty<TaintSource>();

    public ValueFact(TextSpan span, string text, string? constant = null, IReadOnlyList<TaintSource>? taint = null)
    {
        Span = span;
        Text = text.Length > 512 ? text[..512] : text;
        Constant = constant;
        Taint = taint ?? NoTaint;
    }

    /// <summary>Where the expression is in its document.</summary>
    public TextSpan Span { get; }

    /// <summary>The expression's source text (cut to 512 characters).</summary>
    public string Text { get; }

    /// <summary>The folded string value, when every part of it is known (concatenation, templates, decoders...).</summary>
    public string? Constant { get; }

    /// <summary>Sources whose data may reach this value.</summary>
    public IReadOnlyList<TaintSource> Taint { get; }

    /// <summary>The decoder chain that produced the constant ("base64", "hex+rot13"), if any.</summary>
    public string? DecodedBy { get; init; }

    /// <summary>
    /// When the value is not constant but partly known, the string with its unknown parts written as "…":
    /// `"http://198.51.100.7/sync?" + q` → "http://198.51.100.7/sync?…", `f"{home}/.ssh/id_rsa"` → "…/.ssh/id_rsa".
    /// </summary>
    public string? Shape { get; init; }

    /// <summary>Best available text: the folded constant, else the source text.</summary>
    public string Best => Constant ?? Text;

    public bool IsTainted => Taint.Count > 0;
}

/// <summary>
/// A call (JS/Python/C# call, shell command) with its resolved name, capabilities and argument values.
/// The unit most rules ask about.
/// </summary>
public sealed class CallFact
{
    public required SourceDocument Document { get; init; }

    /// <summary>
    /// Canonical callee after alias and import resolution: "child_process.exec", "subprocess.run", "eval",
    /// "requests.post", "System.Diagnostics.Process.Start", or for shell the command name ("curl", "bash").
    /// </summary>
    public required string Callee { get; init; }

    /// <summary>Capabilities from the language's catalog (net.send, proc.exec, code.eval ...).</summary>
    public required IReadOnlyList<string> Capabilities { get; init; }

    public required TextSpan Span { get; init; }

    public TextSpan CalleeSpan { get; init; }

    public IReadOnlyList<ValueFact> Args { get; init; } = Array.Empty<ValueFact>();

    /// <summary>Named arguments: Python keyword arguments (shell=True), object-literal options, shell flags with values.</summary>
    public IReadOnlyDictionary<string, ValueFact> Named { get; init; } = EmptyNamed;

    /// <summary>Data piped into the command (shell pipelines, here-strings, here-docs, process substitution).</summary>
    public ValueFact? Stdin { get; init; }

    /// <summary>The object a method is called on, when it carries data (e.g. socket.send on a tainted buffer).</summary>
    public ValueFact? Receiver { get; init; }

    /// <summary>How the name was resolved when it was not written plainly ("alias of child_process.exec", "computed 'ex'+'ec'").</summary>
    public string? ResolvedVia { get; init; }

    public bool Has(string capability)
    {
        // Every call selector asks this of every call: a plain loop, not LINQ over the interface.
        var capabilities = Capabilities;
        for (var i = 0; i < capabilities.Count; i++)
        {
            if (string.Equals(capabilities[i], capability, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>Whether the call has any of the capabilities (a loop by index, like <see cref="Has"/>).</summary>
    public bool HasAny(IReadOnlyList<string> capabilities)
    {
        for (var i = 0; i < capabilities.Count; i++)
        {
            if (Has(capabilities[i])) return true;
        }
        return false;
    }

    /// <summary>
    /// <see cref="Inputs"/> without an iterator object: rules walk the values of every call of a skill (strings,
    /// sources), and the iterator, or working out each input's role, was a tenth of their time on a large script.
    /// </summary>
    public InputValues Values => new(this);

    /// <summary>Every value flowing into the call: args, named args, stdin, receiver.</summary>
    public IEnumerable<ValueFact> Inputs
    {
        get
        {
            foreach (var a in Args) yield return a;
            foreach (var a in Named.Values) yield return a;
            if (Stdin is not null) yield return Stdin;
            if (Receiver is not null) yield return Receiver;
        }
    }

    public static readonly IReadOnlyDictionary<string, ValueFact> EmptyNamed = new Dictionary<string, ValueFact>();
}

/// <summary>The values of a call in the order of <see cref="CallFact.Inputs"/>: args, named args, stdin, receiver.</summary>
public readonly struct InputValues(CallFact call)
{
    public Enumerator GetEnumerator() => new(call);

    public struct Enumerator(CallFact call)
    {
        private int _stage;
        private int _index = -1;
        private IEnumerator<ValueFact>? _named;

        public ValueFact Current { get; private set; } = null!;

        public bool MoveNext()
        {
            switch (_stage)
            {
                case 0:
                    if (++_index < call.Args.Count)
                    {
                        Current = call.Args[_index];
                        return true;
                    }
                    _stage = 1;
                    goto case 1;
                case 1:
                    if (call.Named.Count > 0)
                    {
                        _named ??= call.Named.Values.GetEnumerator();
                        if (_named.MoveNext())
                        {
                            Current = _named.Current;
                            return true;
                        }
                    }
                    _stage = 2;
                    goto case 2;
                case 2:
                    _stage = 3;
                    if (call.Stdin is not null)
                    {
                        Current = call.Stdin;
                        return true;
                    }
                    goto case 3;
                case 3:
                    _stage = 4;
                    if (call.Receiver is not null)
                    {
                        Current = call.Receiver;
                        return true;
                    }
                    return false;
                default:
                    return false;
            }
        }
    }
}

/// <summary>A string literal (or folded string) seen in code, with its value; URLs, paths and blobs are found here.</summary>
public sealed record StringFact(SourceDocument Document, TextSpan Span, string Value, string? DecodedBy = null);

/// <summary>An import/require of a module (with the local alias it was bound to).</summary>
public sealed record ImportFact(SourceDocument Document, TextSpan Span, string Module, string? Alias);

/// <summary>Everything Semantics learnt about one document.</summary>
public sealed class DocumentFacts
{
    public List<CallFact> Calls { get; } = new();

    public List<StringFact> Strings { get; } = new();

    public List<ImportFact> Imports { get; } = new();

    public static DocumentFacts Empty => new();
}
