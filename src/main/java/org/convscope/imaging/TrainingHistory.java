package org.convscope.imaging;

import static org.convscope.core.text.CoreText.tr;

import java.util.ArrayList;
import java.util.List;

/**
 * A training run's history as the Train screen's "Save history" writes it: a header
 * {@code epoch,train_loss,train_accuracy,val_loss,val_accuracy,seconds}, one row per epoch, then
 * {@code batch,index,loss} and one {@code batch,<n>,<loss>} row per batch (validation values may be {@code NaN}).
 *
 * @param epochs {@code [epoch][5]}: epoch number, train loss, train accuracy, validation loss, validation accuracy
 * @param batchLosses the loss of every batch, in order
 */
public record TrainingHistory(List<double[]> epochs, List<Double> batchLosses) {

    /**
     * Parses the CSV.
     *
     * @param csv the file's text
     * @return the history
     * @throws IllegalArgumentException naming the line when it is not such a file or has no epoch
     */
    public static TrainingHistory parse(String csv) {
        String[] lines = csv.split("\\R");
        if (lines.length == 0 || !lines[0].strip().startsWith("epoch,train_loss,train_accuracy,val_loss,val_accuracy")) {
            throw new IllegalArgumentException(tr("error.history.header"));
        }
        List<double[]> epochs = new ArrayList<>();
        List<Double> batches = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.equals("batch,index,loss")) {
                continue;
            }
            String[] f = line.split(",");
            try {
                if (f[0].equals("batch") && f.length == 3) {
                    batches.add(Double.parseDouble(f[2]));
                } else if (f.length >= 5) {
                    epochs.add(new double[] {Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4])});
                } else {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(tr("error.history.line", i + 1, line));
            }
        }
        if (epochs.isEmpty()) {
            throw new IllegalArgumentException(tr("error.history.noEpochs"));
        }
        return new TrainingHistory(List.copyOf(epochs), List.copyOf(batches));
    }
}
