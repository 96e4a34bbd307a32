using SharpInfer.Cli.Eval;
using SharpInfer.Core;
using SharpInfer.Tests;

namespace SharpInfer.Cli.Tests.Eval;

/// <summary>The prompts lm_eval builds, from the shared MMLU and GSM8K files and from hand-written ones.</summary>
public sealed class PromptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sharpinfer-eval-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static TaskOptions Options(string dataDir, int? shots = null, int? limit = null) => new(dataDir, shots, limit, null, TextWriter.Null);

    [Fact]
    public void MmluZeroShotIsTheDescriptionThenTheQuestion()
    {
        var task = Assert.Single(MmluTask.Load(Options(SharedData.Path("datasets"), limit: 3), "abstract_algebra"));

        Assert.Equal("mmlu_abstract_algebra", task.Name);
        Assert.Equal(3, task.Docs.Count);
        var doc = task.Docs[0];
        Assert.Equal("abstract_algebra/0", doc.Id);
        Assert.Equal(
            "The following are multiple choice questions (with answers) about abstract algebra.\n\n" +
            "Find the degree for the given field extension Q(sqrt(2), sqrt(3), sqrt(18)) over Q.\nA. 0\nB. 4\nC. 2\nD. 6\nAnswer:",
            doc.Context);
        Assert.Equal(["A", "B", "C", "D"], doc.Choices);
        Assert.Equal(1, doc.Gold);
    }

    [Fact]
    public void MmluFewShotTakesTheFirstDevQuestionsWithTheirLetters()
    {
        var doc = MmluTask.Load(Options(SharedData.Path("datasets"), shots: 1, limit: 1), "abstract_algebra")[0].Docs[0];

        Assert.StartsWith(
            "The following are multiple choice questions (with answers) about abstract algebra.\n\n" +
            "Find all c in Z_3 such that Z_3[x]/(x^2 + c) is a field.\nA. 0\nB. 1\nC. 2\nD. 3\nAnswer: B\n\n" +
            "Find the degree for the given field extension",
            doc.Context);
    }

    [Fact]
    public void HeaderlessMmluCsvsUseAnswerLetters()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "mmlu", "test"));
        File.WriteAllText(Path.Combine(_dir, "mmlu", "test", "world_history_test.csv"),
            "\"Who said \"\"hi\"\",\nfirst?\",Ann,Bob,\"Cy, Jr.\",Dee,C\r\nWhen?,1,2,3,4,A\r\n");

        var task = Assert.Single(MmluTask.Load(Options(_dir), null));

        Assert.Equal("mmlu_world_history", task.Name);
        Assert.Equal(2, task.Docs.Count);
        Assert.Equal(2, task.Docs[0].Gold);
        Assert.EndsWith("world history.\n\nWho said \"hi\",\nfirst?\nA. Ann\nB. Bob\nC. Cy, Jr.\nD. Dee\nAnswer:", task.Docs[0].Context);
        Assert.Equal(0, task.Docs[1].Gold);
    }

    [Fact]
    public void Gsm8kFewShotUsesTheTrainFileAndFullAnswers()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "gsm8k"));
        File.WriteAllText(Path.Combine(_dir, "gsm8k", "train.jsonl"), """
            {"question": "1+1?", "answer": "1+1=2\n#### 2"}
            {"question": "2+2?", "answer": "#### 4"}
            """);
        File.WriteAllText(Path.Combine(_dir, "gsm8k", "test.jsonl"), """{"question": "3+3?", "answer": "#### 6"}""");

        var task = Gsm8kTask.Load(Options(_dir, shots: 2));

        Assert.Equal("Question: 1+1?\nAnswer: 1+1=2\n#### 2\n\nQuestion: 2+2?\nAnswer: #### 4\n\nQuestion: 3+3?\nAnswer:", task.Docs[0].Prompt);
        Assert.Equal(["Question:", "</s>", "<|im_end|>"], task.Until);
        Assert.Equal(256, task.MaxTokens);
        // lm_eval's default is 5-shot: a train file with 2 examples is too short for it.
        Assert.Contains("only 2 are there", Assert.Throws<UserErrorException>(() => Gsm8kTask.Load(Options(_dir))).Message);
    }

    [Fact]
    public void Gsm8kWithoutATrainFileIsZeroShotByDefaultAndRefusesShots()
    {
        var task = Gsm8kTask.Load(Options(SharedData.Path("datasets"), limit: 2));

        Assert.Equal(0, task.NumFewshot);
        Assert.Equal(2, task.Docs.Count);
        Assert.StartsWith("Question: Janet", task.Docs[0].Prompt);
        Assert.EndsWith("\nAnswer:", task.Docs[0].Prompt);
        Assert.EndsWith("#### 18", task.Docs[0].Gold);
        var error = Assert.Throws<UserErrorException>(() => Gsm8kTask.Load(Options(SharedData.Path("datasets"), shots: 5)));
        Assert.Contains("--num-fewshot", error.Message);
    }

    [Fact]
    public void BoolqAndCevalPromptsFollowLmEval()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "boolq"));
        File.WriteAllText(Path.Combine(_dir, "boolq", "validation.jsonl"), """{"question": "is the sky blue", "passage": "The sky is blue.", "answer": true}""");
        Directory.CreateDirectory(Path.Combine(_dir, "ceval", "val"));
        File.WriteAllText(Path.Combine(_dir, "ceval", "val", "computer_network_val.csv"), "id,question,A,B,C,D,answer\n0,问题,甲,乙,丙,丁,B\n");
        File.WriteAllText(Path.Combine(_dir, "ceval", "subject_mapping.json"), """{"computer_network": ["Computer Network", "计算机网络", "STEM"]}""");

        var boolq = BoolqTask.Load(Options(_dir));
        var ceval = Assert.Single(CevalTask.Load(Options(_dir), null));

        Assert.Equal("The sky is blue.\nQuestion: is the sky blue?\nAnswer:", boolq.Docs[0].Context);
        Assert.Equal(["no", "yes"], boolq.Docs[0].Choices);
        Assert.Equal(1, boolq.Docs[0].Gold);
        Assert.Equal("ceval-valid_computer_network", ceval.Name);
        Assert.True(ceval.ReportsAccNorm);
        Assert.Equal("以下是中国关于计算机网络的单项选择题，请选出其中的正确答案。\n\n问题\nA. 甲\nB. 乙\nC. 丙\nD. 丁\n答案：", ceval.Docs[0].Context);
        Assert.Equal(1, ceval.Docs[0].Gold);
    }

    [Fact]
    public void UnknownTasksAndSubjectsAreUserErrors()
    {
        Assert.Contains("unknown task 'mmlu2'", Assert.Throws<UserErrorException>(() => TaskCatalog.Load("mmlu2", Options(_dir))).Message);
        Assert.Contains("no MMLU subject 'nope'", Assert.Throws<UserErrorException>(() => TaskCatalog.Load("mmlu_nope", Options(SharedData.Path("datasets")))).Message);
    }
}
