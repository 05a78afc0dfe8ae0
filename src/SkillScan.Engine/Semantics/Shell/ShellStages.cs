using System.Diagnostics.CodeAnalysis;
using SkillScan.Model;
using SkillScan.TreeSitter;

namespace SkillScan.Semantics.Shell;

/// <summary>
/// A statement whose facts are not emitted yet because its stdin is not known yet (a command that may be a
/// pipeline stage, or a redirected statement). Groups, loops and pipelines are evaluated as soon as they end and
/// become <see cref="DoneStage"/>s.
/// </summary>
internal abstract class Stage
{
    public required TextSpan Span { get; init; }
}

/// <summary>A simple command: its words (name first), prefix assignments and redirections.</summary>
internal sealed class CommandStage : Stage
{
    public required List<ShellValue> Words { get; init; }

    /// <summary>`export`/`declare`/`local` given names or assignments (so they do not print the environment).</summary>
    public bool HasOperands { get; init; }
}

/// <summary>A statement with redirections: `cmd &lt; in &gt; out`, `cmd &lt;&lt;EOF | sh`, `{ …; } &gt;&gt; ~/.bashrc`.</summary>
internal sealed class RedirectedStage : Stage
{
    public required Stage Body { get; init; }

    public required List<Redirect> Redirects { get; init; }
}

/// <summary>A statement already evaluated (group, loop, pipeline, assignment): only its output is left.</summary>
internal sealed class DoneStage : Stage
{
    private readonly List<ShellValue>? _outputs;
    private ShellValue? _joined;
    private bool _isJoined;

    private readonly FoldBudget? _budget;

    [SetsRequiredMembers]
    public DoneStage(TextSpan span, List<ShellValue>? outputs, FoldBudget? budget)
    {
        Span = span;
        _outputs = outputs;
        _budget = budget;
    }

    [SetsRequiredMembers]
    public DoneStage(TextSpan span, ShellValue? output)
    {
        Span = span;
        _joined = output;
        _isJoined = true;
    }

    /// <summary>The statements' outputs concatenated (computed on first use: most outputs are never read).</summary>
    public ShellValue? Output
    {
        get
        {
            if (_isJoined) return _joined;
            _isJoined = true;
            _joined = Join(Span, _outputs, _budget);
            return _joined;
        }
    }

    /// <summary>Outputs concatenated; the text only within the document's fold budget (else unknown, taint kept).</summary>
    public static ShellValue? Join(TextSpan span, List<ShellValue>? outputs, FoldBudget? budget)
    {
        if (outputs is null || outputs.Count == 0) return null;
        if (outputs.Count == 1) return outputs[0];
        var allConstant = true;
        long length = 0;
        foreach (var o in outputs)
        {
            if (o.Constant is null)
            {
                allConstant = false;
                break;
            }
            length += o.Constant.Length;
        }
        string? constant = null;
        if (allConstant && length <= ShellAnalyzer.MaxConstantLength && budget?.Spend(length) != false)
        {
            constant = string.Concat(outputs.Select(o => o.Constant));
        }
        TextSpan? origin = null;
        string? decodedBy = null;
        foreach (var o in outputs)
        {
            origin = origin is { } a ? a.Union(o.OriginOrSpan) : o.OriginOrSpan;
            decodedBy ??= o.DecodedBy;
        }
        return new ShellValue(span, constant, Taints.Union(outputs)) { Origin = origin, DecodedBy = decodedBy };
    }
}

/// <summary>A redirection: operator, file descriptor, target, and for here-documents their body and trailing pipeline.</summary>
internal sealed class Redirect
{
    public required string Operator { get; init; }

    public int? Descriptor { get; init; }

    /// <summary>The target file, the here-string, or the here-document body.</summary>
    public ShellValue? Target { get; init; }

    public required TextSpan Span { get; init; }

    /// <summary>`cat &lt;&lt;EOF | base64 -d | sh`: the stages after the here-document's command.</summary>
    public List<Stage>? Tail { get; init; }

    /// <summary>`cat &lt;&lt;EOF &gt; file`: redirections written after the here-document marker.</summary>
    public List<Redirect>? Nested { get; init; }

    public bool IsInput => Operator is "<" or "<<<" or "<<" or "<<-" or "<>";

    public bool IsHereDocument => Operator is "<<" or "<<-";

    /// <summary>Writes a file (not a descriptor duplication like 2&gt;&amp;1).</summary>
    public bool IsFileWrite =>
        Operator is ">" or ">>" or ">|" or "&>" or "&>>" or "<>" ||
        (Operator is ">&" && Target?.Constant is { } t && !IsDescriptorTarget(t));

    public static bool IsDescriptorTarget(string target) => target == "-" || (target.Length > 0 && target.All(char.IsAsciiDigit));
}

/// <summary>The stages of a pipeline written after a here-document marker, run once the body is known.</summary>
internal sealed class PipelineTail
{
    public List<Stage> Stages { get; } = new();
}

/// <summary>A variable name (`x` in `x=1`, `$x`, `for x in`).</summary>
internal sealed record NameRef(string Name);

/// <summary>`arr[i]` as an assignment target or in `${arr[i]}`.</summary>
internal sealed record SubscriptRef(string Name, ShellValue? Index, bool All);

/// <summary>`A=b cmd`: an assignment that only applies to one command.</summary>
internal sealed record PrefixAssignment(string Name, ShellValue? Value);

/// <summary>The `EOF` of `&lt;&lt;'EOF'`: whether the body is literal.</summary>
internal sealed record HeredocStart(bool Quoted);

/// <summary>One evaluated child of a node, with its syntax node.</summary>
internal readonly record struct Item(string Type, TsNode Node, object Value);
