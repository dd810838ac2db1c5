using System.Text.Json;
using System.Text.Json.Serialization;
using TorchPractice.Comparison.Report;

namespace TorchPractice.Cli;

/// <summary>
/// --json output: one object on stdout, with results.json's conventions (snake_case), except that a NaN or infinite
/// number is written as null: strict JSON has no such numbers, and a string where a number belongs breaks readers.
/// </summary>
static class Json
{
    static readonly JsonSerializerOptions Options = new(ReportWriter.JsonOptions)
    {
        NumberHandling = JsonNumberHandling.Strict,
        Converters = { new FiniteOrNull() },
    };

    public static void Print<T>(T value) => Console.Out.WriteLine(Serialize(value));

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    sealed class FiniteOrNull : JsonConverter<double>
    {
        public override bool HandleNull => false;
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();
        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(value);
            else writer.WriteNullValue();
        }
    }
}
