namespace TorchPractice.Data.Loading;

/// <summary>
/// The course's data.mat (week 1, Regularization): training set X (m×2) and y (m×1), test set Xval and yval.
/// Any numeric MATLAB class is accepted for each (the course's file has double X and uint8 y); labels
/// may be a row or a column vector and must be 0 or 1.
/// </summary>
public static class CourseMat
{
    /// <summary>The variables the file must hold: X, y (training), Xval, yval (test).</summary>
    public static IReadOnlyList<string> VariableNames { get; } = ["X", "y", "Xval", "yval"];

    /// <summary>Reads the file into a train/test pair; throws <see cref="InvalidDataException"/> naming what is missing or wrong.</summary>
    /// <param name="path">A MATLAB v5 MAT-file.</param>
    public static DataSplit Load(string path)
    {
        var mat = MatFile.Read(path);
        var missing = VariableNames.Where(v => !mat.Contains(v)).ToList();
        if (missing.Count > 0)
            throw DataError.Create(
                $"{path}: missing {(missing.Count == 1 ? "variable" : "variables")} {string.Join(", ", missing)}; expected X, y (training) " +
                $"and Xval, yval (test) as in the course's data.mat; the file has {mat.Describe()}", path);

        string file = Path.GetFileName(path);
        var train = Build(mat, "X", "y", $"{file} (X, y)");
        var test = Build(mat, "Xval", "yval", $"{file} (Xval, yval)");
        if (train.FeatureCount != test.FeatureCount)
            throw DataError.Create(
                $"{path}: X has {train.FeatureCount} columns but Xval has {test.FeatureCount}; training and test samples need the same features", path);
        return new DataSplit(train, test);
    }

    static Dataset Build(MatFile mat, string xName, string yName, string name)
    {
        var xVar = mat[xName];
        var x = xVar.ToMatrix();
        var yVar = mat[yName];
        var y = yVar.ToVector();
        int m = x.GetLength(0);
        if (y.Length != m)
            throw DataError.Create(
                $"{mat.Path}: {xName} has {m} rows (samples) but {yName} has {y.Length} labels ({xVar}, {yVar})", mat.Path, byteOffset: yVar.ByteOffset);
        // MATLAB-style 1-based indices, as the user would type them to inspect the value.
        for (int i = 0; i < m; i++)
            for (int j = 0; j < x.GetLength(1); j++)
                if (!double.IsFinite(x[i, j]))
                    throw DataError.Create($"{mat.Path}: {xName}({i + 1},{j + 1}) is {x[i, j]}; features must be finite numbers", mat.Path, byteOffset: xVar.ByteOffset);
        for (int i = 0; i < m; i++)
            if (y[i] is not (0 or 1))
                throw DataError.Create($"{mat.Path}: {yName}({i + 1}) is {y[i]}; labels must be 0 or 1", mat.Path, byteOffset: yVar.ByteOffset);
            else y[i] = y[i] == 0 ? 0.0 : 1.0; // -0 reads as 0
        return new Dataset(name, x, y);
    }
}
