/**
 * Training-only questions about benchmark scenes: "Where is the red circle?" ({@code Locate}), its lettered
 * multiple-choice drills ({@code ChoiceDrill}), and the object a question names ({@code QuestionSubject}) for the
 * attention supervision. They build on the benchmark's scene queries and phrases but are no benchmark suite, so they
 * live with the trainer, not in {@code bench}.
 */
package dev.lvlmserve.train.questions;
