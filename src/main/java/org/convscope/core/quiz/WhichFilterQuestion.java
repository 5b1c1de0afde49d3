package org.convscope.core.quiz;

import org.convscope.core.text.CoreText;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * "Which filter made this map?": one feature map of a Conv2D layer and four of the layer's filters,
 * one of which made it.
 *
 * <p>A feature map is exactly one filter's response, so the question always has one right answer, as
 * long as no two candidates make the same map. {@link #pick} therefore asks about a map that is not
 * flat (max above min: a filter that ReLU silenced everywhere says nothing), and takes as wrong
 * candidates only filters whose maps differ from it.
 *
 * @param channel the asked map's channel, which is also the number (0-based) of the filter that made it
 * @param candidates four filter numbers (0-based channels), in the order shown; one is {@code channel}
 * @param answer the position of {@code channel} in {@code candidates}, 0..3
 */
public record WhichFilterQuestion(int channel, List<Integer> candidates, int answer) {

    /** Candidates per question. */
    public static final int CHOICES = 4;

    /** Checks that the answer is among the candidates. */
    public WhichFilterQuestion {
        candidates = List.copyOf(candidates);
        if (answer < 0 || answer >= candidates.size() || candidates.get(answer) != channel) {
            throw new IllegalArgumentException("candidate " + answer + " of " + candidates + " is not filter " + channel);
        }
    }

    /**
     * Picks a question from a layer's maps.
     *
     * @param maps the maps {@code [row][col]} that can be asked, e.g. one page of the layer
     * @param firstChannel the channel of {@code maps.get(0)} (the page's offset)
     * @param random where the choices come from (seeded in tests)
     * @return the question
     * @throws IllegalArgumentException when there are not four maps that differ from a non-flat one
     */
    public static WhichFilterQuestion pick(List<double[][]> maps, int firstChannel, Random random) {
        List<Integer> askable = new ArrayList<>();
        for (int i = 0; i < maps.size(); i++) {
            if (!flat(maps.get(i))) {
                askable.add(i);
            }
        }
        Collections.shuffle(askable, random);
        for (int target : askable) {
            List<Integer> others = new ArrayList<>();
            for (int i = 0; i < maps.size(); i++) {
                if (i != target && !Arrays.deepEquals(maps.get(i), maps.get(target))) {
                    others.add(i);
                }
            }
            if (others.size() < CHOICES - 1) {
                continue;
            }
            Collections.shuffle(others, random);
            List<Integer> shown = new ArrayList<>(others.subList(0, CHOICES - 1));
            int answer = random.nextInt(CHOICES);
            shown.add(answer, target);
            List<Integer> channels = shown.stream().map(i -> i + firstChannel).toList();
            return new WhichFilterQuestion(target + firstChannel, channels, answer);
        }
        throw new IllegalArgumentException("a filter question needs a map that is not flat and " + (CHOICES - 1)
                + " other maps that differ from it; these " + maps.size() + " maps do not have them");
    }

    /**
     * Checks a choice.
     *
     * @param position the chosen candidate, 0..3 (keys 1..4)
     * @return right or wrong, with why
     */
    public Verdict check(int position) {
        if (position < 0 || position >= candidates.size()) {
            return Verdict.unreadable(Integer.toString(position + 1), CoreText.tr("quiz.filter.choose", candidates.size()));
        }
        int chosen = candidates.get(position);
        String why = CoreText.tr("quiz.filter.why", channel + 1);
        return new Verdict(position == answer ? Verdict.Kind.RIGHT : Verdict.Kind.WRONG,
                CoreText.tr("quiz.filter.name", chosen + 1), CoreText.tr("quiz.filter.name", channel + 1), why);
    }

    private static boolean flat(double[][] m) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : m) {
            for (double v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return !(max > min);
    }
}
