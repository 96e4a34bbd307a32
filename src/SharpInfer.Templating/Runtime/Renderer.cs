using System.Text;
using SharpInfer.Core;
using SharpInfer.Templating.Ast;

namespace SharpInfer.Templating.Runtime;

/// <summary>Executes statement nodes, writing output; runtime failures become UserErrorException naming the line.</summary>
internal sealed class Renderer
{
    private const int MaxCallDepth = 200;
    private int _callDepth;

    public LoopFlow Render(IReadOnlyList<Statement> body, Scope scope, StringBuilder output)
    {
        foreach (var statement in body)
        {
            LoopFlow flow;
            try
            {
                flow = Execute(statement, scope, output);
            }
            catch (Exception e) when (e is not UserErrorException and not OutOfMemoryException)
            {
                throw new UserErrorException($"chat template error at line {statement.Line}: {e.Message}", e);
            }
            if (flow != LoopFlow.Normal)
                return flow;
        }
        return LoopFlow.Normal;
    }

    private LoopFlow Execute(Statement statement, Scope scope, StringBuilder output)
    {
        switch (statement)
        {
            case TextStatement text:
                output.Append(text.Text);
                return LoopFlow.Normal;
            case OutputStatement o:
                PyFormat.AppendStr(output, ExpressionEvaluator.Evaluate(o.Value, scope));
                return LoopFlow.Normal;
            case IfStatement i:
                foreach (var (test, body) in i.Branches)
                    if (PyValue.IsTrue(ExpressionEvaluator.Evaluate(test, scope)))
                        return Render(body, scope, output);
                return Render(i.Otherwise, scope, output);
            case ForStatement f:
                return ExecuteFor(f, scope, output);
            case SetStatement s:
                Assign(s.Target, ExpressionEvaluator.Evaluate(s.Value, scope), scope);
                return LoopFlow.Normal;
            case SetBlockStatement s:
                Assign(s.Target, ApplyFilters(s.Filters, Capture(s.Body, scope), scope), scope);
                return LoopFlow.Normal;
            case MacroStatement m:
                scope.Set(m.Name, DefineMacro(m.Name, m.Parameters, m.Body, scope));
                return LoopFlow.Normal;
            case CallBlockStatement c:
                var args = ExpressionEvaluator.EvaluateArguments(c.Call.Arguments, scope);
                args.Named.Add(KeyValuePair.Create<string, object?>("caller", DefineMacro("caller", c.CallerParameters, c.Body, scope)));
                PyFormat.AppendStr(output, ExpressionEvaluator.Call(ExpressionEvaluator.Evaluate(c.Call.Callee, scope), args));
                return LoopFlow.Normal;
            case FilterBlockStatement f:
                PyFormat.AppendStr(output, ApplyFilters(f.Filters, Capture(f.Body, scope), scope));
                return LoopFlow.Normal;
            case WithStatement w:
                var inner = scope.Child();
                foreach (var (name, value) in w.Assignments)
                    inner.Set(name, ExpressionEvaluator.Evaluate(value, scope));
                return Render(w.Body, inner, output);
            case GenerationStatement g:
                return Render(g.Body, scope, output);
            case LoopControlStatement l:
                return l.IsBreak ? LoopFlow.Break : LoopFlow.Continue;
            default:
                throw new TemplateRuntimeException($"unsupported statement {statement.GetType().Name}");
        }
    }

    private LoopFlow ExecuteFor(ForStatement f, Scope scope, StringBuilder output)
    {
        var items = PyValue.ToList(ExpressionEvaluator.Evaluate(f.Iterable, scope));
        var loopScope = scope.Child();
        if (f.Filter is not null)
        {
            items = items.Where(item =>
            {
                Assign(f.Target, item, loopScope);
                return PyValue.IsTrue(ExpressionEvaluator.Evaluate(f.Filter, loopScope));
            }).ToList();
        }
        if (items.Count == 0)
            return Render(f.Otherwise, scope, output);
        var loop = new LoopInfo(items);
        loopScope.Set("loop", loop);
        for (var i = 0; i < items.Count; i++)
        {
            loop.Index0 = i;
            Assign(f.Target, items[i], loopScope);
            if (Render(f.Body, loopScope, output) == LoopFlow.Break)
                break;
        }
        return LoopFlow.Normal;
    }

    private static void Assign(AssignTarget target, object? value, Scope scope)
    {
        if (target.Attribute is not null)
        {
            if (scope.Lookup(target.Names[0]) is not NamespaceObject ns)
                throw new TemplateRuntimeException($"cannot assign attribute on '{target.Names[0]}': only namespace() objects accept '{{% set {target.Names[0]}.{target.Attribute} = ... %}}'");
            ns.Attributes[target.Attribute] = value;
            return;
        }
        if (!target.IsTuple)
        {
            scope.Set(target.Names[0], value);
            return;
        }
        var items = PyValue.ToList(value);
        if (items.Count != target.Names.Count)
            throw new TemplateRuntimeException(items.Count > target.Names.Count
                ? $"too many values to unpack (expected {target.Names.Count})"
                : $"not enough values to unpack (expected {target.Names.Count}, got {items.Count})");
        for (var i = 0; i < items.Count; i++)
            scope.Set(target.Names[i], items[i]);
    }

    private string Capture(IReadOnlyList<Statement> body, Scope scope)
    {
        var sb = new StringBuilder();
        Render(body, scope, sb);
        return sb.ToString();
    }

    private static object? ApplyFilters(IReadOnlyList<FilterCall> filters, object? value, Scope scope)
    {
        foreach (var filter in filters)
            value = Filters.Apply(filter.Name, value, ExpressionEvaluator.EvaluateArguments(filter.Arguments, scope));
        return value;
    }

    private Callable DefineMacro(string name, IReadOnlyList<MacroParameter> parameters, IReadOnlyList<Statement> body, Scope definingScope) =>
        new(name, args =>
        {
            var frame = definingScope.Child();
            if (args.Positional.Count > parameters.Count)
                throw new TemplateRuntimeException($"macro '{name}' takes not more than {parameters.Count} argument(s)");
            var bound = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < args.Positional.Count; i++)
            {
                frame.Set(parameters[i].Name, args.Positional[i]);
                bound.Add(parameters[i].Name);
            }
            foreach (var (key, value) in args.Named)
            {
                if (key != "caller" && !parameters.Any(p => p.Name == key))
                    throw new TemplateRuntimeException($"macro '{name}' takes no keyword argument '{key}'");
                if (!bound.Add(key))
                    throw new TemplateRuntimeException($"macro '{name}' got multiple values for argument '{key}'");
                frame.Set(key, value);
            }
            // Unbound parameters take their default (evaluated now, so it can use earlier ones) or stay undefined.
            foreach (var parameter in parameters.Where(p => !bound.Contains(p.Name)))
                frame.Set(parameter.Name, parameter.Default is null ? Undefined.Named(parameter.Name) : ExpressionEvaluator.Evaluate(parameter.Default, frame));
            if (++_callDepth > MaxCallDepth)
            {
                _callDepth = 0;
                throw new TemplateRuntimeException($"macro '{name}' recursed more than {MaxCallDepth} levels deep");
            }
            try
            {
                return Capture(body, frame);
            }
            finally
            {
                _callDepth = Math.Max(0, _callDepth - 1);
            }
        });
}
