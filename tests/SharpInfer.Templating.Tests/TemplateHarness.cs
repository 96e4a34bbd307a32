using System.Text.Json.Nodes;

namespace SharpInfer.Templating.Tests;

/// <summary>
/// Renders a template with variables given as a JSON object; "messages" and "add_generation_prompt" go to
/// their Render arguments, the rest to the extra context.
/// </summary>
internal static class TemplateHarness
{
    public static string Render(string template, string contextJson = "{}")
    {
        var context = JsonNode.Parse(contextJson)!.AsObject();
        var messages = context["messages"]?.DeepClone().AsArray() ?? [];
        var addGenerationPrompt = context["add_generation_prompt"]?.GetValue<bool>() ?? false;
        var extra = context.Where(kv => kv.Key is not "messages" and not "add_generation_prompt").ToDictionary(kv => kv.Key, kv => kv.Value?.DeepClone());
        return ChatTemplate.FromString(template).Render(messages, addGenerationPrompt, null, extra);
    }
}
