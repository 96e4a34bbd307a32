using System.Text.Json.Nodes;

namespace SharpInfer.Cli.Eval;

/// <summary>Scores every sample of every task, all requests in flight together (the client bounds concurrency).</summary>
internal sealed class EvalRunner(LoglikelihoodScorer scorer, Generator generator, EvalProgress progress)
{
    public async Task<IReadOnlyList<TaskResult>> RunAsync(IReadOnlyList<EvalTask> tasks, CancellationToken cancel)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var runs = tasks.Select(task => RunTaskAsync(task, failed)).ToList();
        try
        {
            return await Task.WhenAll(runs);
        }
        finally
        {
            await failed.CancelAsync();
        }
    }

    private async Task<TaskResult> RunTaskAsync(EvalTask task, CancellationTokenSource failed)
    {
        var samples = task switch
        {
            ChoiceTask choice => choice.Docs.Select(doc => Guard(() => ScoreChoiceAsync(choice, doc, failed.Token), failed)),
            GenerationTask generation => generation.Docs.Select(doc => Guard(() => GenerateAsync(generation, doc, failed.Token), failed)),
            _ => throw new InvalidOperationException($"unknown task kind {task.GetType().Name}"),
        };
        return new TaskResult(task, await Task.WhenAll(samples.ToList()));
    }

    /// <summary>The first failure cancels the other requests, so the error is reported at once.</summary>
    private static async Task<SampleRecord> Guard(Func<Task<SampleRecord>> run, CancellationTokenSource failed)
    {
        try
        {
            return await run();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await failed.CancelAsync();
            throw;
        }
    }

    private async Task<SampleRecord> ScoreChoiceAsync(ChoiceTask task, ChoiceDoc doc, CancellationToken cancel)
    {
        var continuations = doc.Choices.Select(c => FewShotPrompt.TargetDelimiter + c).ToList();
        var scored = await scorer.ScoreAsync(doc.Context, continuations, cancel);
        var logliks = scored.Select(s => s.Loglikelihood).ToList();
        var pick = ChoiceScoring.Argmax(logliks);
        var verdicts = new List<Verdict> { new("acc", "none", pick == doc.Gold) };
        var details = new JsonObject
        {
            ["continuations"] = new JsonArray(continuations.Select(c => (JsonNode)c).ToArray()),
            ["loglikelihoods"] = new JsonArray(logliks.Select(l => (JsonNode)l).ToArray()),
            ["continuation_tokens"] = new JsonArray(scored.Select(s => (JsonNode)s.ContinuationTokens).ToArray()),
            ["context_tokens"] = new JsonArray(scored.Select(s => (JsonNode)s.ContextTokens).ToArray()),
            ["pick"] = pick,
            ["gold_index"] = doc.Gold,
        };
        if (task.ReportsAccNorm)
        {
            var pickNorm = ChoiceScoring.ArgmaxNormalized(logliks, doc.Choices);
            verdicts.Add(new Verdict("acc_norm", "none", pickNorm == doc.Gold));
            details["pick_norm"] = pickNorm;
        }
        progress.Done(task.Name);
        return new SampleRecord(task.Name, doc.Id, doc.Context, doc.Choices[pick], doc.Choices[doc.Gold], verdicts, details);
    }

    private async Task<SampleRecord> GenerateAsync(GenerationTask task, GenerationDoc doc, CancellationToken cancel)
    {
        var output = await generator.GenerateAsync(doc.Prompt, task.Until, task.MaxTokens, cancel);
        var extracted = new JsonObject();
        var verdicts = task.Filters.Select(f =>
        {
            var answer = f.Extract(output.Text);
            extracted[f.Filter] = answer;
            return new Verdict(f.Metric, f.Filter, f.Matches(answer, doc.Gold));
        }).ToList();
        var details = new JsonObject
        {
            ["extracted"] = extracted,
            ["prompt_tokens"] = output.PromptTokens,
            ["max_tokens"] = output.MaxTokens,
            ["finish_reason"] = output.FinishReason,
        };
        progress.Done(task.Name);
        return new SampleRecord(task.Name, doc.Id, doc.Prompt, output.Text, doc.Gold, verdicts, details);
    }
}
