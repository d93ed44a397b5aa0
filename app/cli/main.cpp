// cyclestudio-cli: the headless front end, for scripts and remote GPU machines. Same project and model files
// as the app.

#include "app/cli/arguments.h"
#include "app/cli/commands.h"
#include "app/cli/common.h"
#include "app/stopsignals.h"
#include "engine/core/error.h"

#include <csignal>
#include <iostream>
#include <utility>

namespace {

const char *const kUsage = R"(Usage: cyclestudio-cli COMMAND [OPTIONS]

Train and use unpaired image-to-image translation (CycleGAN) models.

Commands:
  new DIR --domain-a PATH... --domain-b PATH... [--preset sketch|quick|standard|custom]
          [--size N] [--load-size N] [--blocks N] [--ngf N] [--ndf N] [--batch N]
          [--epochs N] [--epochs-decay N] [--lambda-cycle X] [--lambda-identity X]
          [--gan-mode lsgan|vanilla] [--seed N] [--preview-every N] [--checkpoint-every N]
          [--cycle-weights W1,W2,...] [--lambda-feature X] [--feature-network FILE.pt]
          [--precision fp32|bf16] [--names NAME_A,NAME_B]
      Create a project. --names: what to call the two styles ("Photos,Watercolours"), shown
      instead of A and B in the window. Without --preset the device decides (GPU: standard, CPU: sketch).
      --precision bf16: mixed precision on a CUDA GPU (a CPU always trains in 32-bit floats).
      --cycle-weights: multi-scale cycle loss over a Laplacian pyramid, one weight per level,
      finest first (1 = the paper's plain L1; custom preset: 1,1,1). --lambda-feature: feature-space
      cycle loss on the discriminators' features (custom preset: 1), or on a TorchScript network's
      with --feature-network.
  new DIR --from (PROJECT | MODEL.csm | GENERATOR.pth) --domain-a PATH... --domain-b PATH...
          [--freeze-encoder] [--freeze-blocks N] [--lr X] [--epochs N] [--epochs-decay N]
      Fine-tune: start from a trained project or model file (its architecture and losses), with a
      new learning rate (default 1e-4) and schedule (default 10 + 10 epochs); frozen parts of both
      generators keep their weights.
  new DIR --from-official CHECKPOINT_DIR --domain-a PATH... --domain-b PATH... [--epoch N]
          [--seed N] [--preview-every N] [--checkpoint-every N]
      Continue a training of the official PyTorch CycleGAN code: its latest_net_G_A.pth,
      _G_B, _D_A, _D_B (or N_net_*.pth with --epoch N) and the settings in its train_opt.txt.
      That code saves no optimizer state, so Adam starts fresh.
  new DIR --mode multidomain --domain NAME=PATH --domain NAME=PATH... [--size N] [--ngf N]
          [--ndf N] [--blocks N] [--d-layers N] [--batch N] [--epochs N] [--epochs-decay N]
          [--n-critic N] [--lr X] [--seed N] [--preview-every N] [--checkpoint-every N]
      Create a multi-domain (StarGAN) project with two or more named domains; defaults are the
      paper's (128 px, batch 16, n_critic 5, lr 1e-4, 10 + 10 epochs). Repeat a NAME to give a
      domain several folders.
  train DIR [--iterations N] [--threads N] [--device auto|cpu|cuda] [--restart]
          [--nproc N] [--dist-backend gloo|nccl] [--dist-timeout SECONDS]
      Train N more iterations (default: to the end of the schedule), continuing from the
      newest usable checkpoint. Ctrl-C stops after the current iteration and saves a checkpoint.
      Damaged checkpoints and ones from other projects are moved to checkpoints/damaged/. When a
      project has a loss history but no usable checkpoint, --restart starts again from scratch
      (the old history is kept as logs/losses-before-restart.csv).
      Across processes: --nproc N starts N ranks here (one per GPU, or CPU processes sharing the
      cores unless --threads gives each its count). Started by a launcher (torchrun, Slurm), each
      process reads RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR and MASTER_PORT. Each rank trains on
      its part of every batch (the batch of the whole run is ranks × batch) and rank 0 writes the
      project. --dist-backend gloo|nccl (default: by device), --dist-timeout SECONDS (default 120):
      how long a rank waits for the others before the run ends, naming the rank that is gone.
  export-model DIR --direction AtoB|BtoA [--format csm|pth|torchscript|onnx] -o FILE
      Write the generator of one direction for sharing: a CycleStudio model file (csm, the
      default), a PyTorch state_dict with the official CycleGAN key names (pth), a TorchScript
      module (torchscript) or an ONNX graph with dynamic height and width (onnx).
  import FILE.pth [--name NAME] -o MODEL.csm
      Read a generator saved by the official PyTorch CycleGAN code (resnet_6blocks or
      resnet_9blocks, any ngf) and write it as a model file. Nothing in the file is run.
  translate (--project DIR | --model FILE.csm|FILE.pth) [--direction AtoB|BtoA] -o OUTDIR
            [--format png|jpg|...] [--threads N] [--device ...] [--shard K/N] INPUT...
      Translate image files or folders (subfolders and names are mirrored in OUTDIR).
      --format png16 or tif16 writes 16 bits per channel (the model's full precision, for print).
      --shard K/N translates only part K (0-based) of N disjoint parts of the inputs, in their
      sorted order, so that N jobs of an array share a large folder with no coordination; in a
      run with RANK and WORLD_SIZE set, the part is taken from them.
      Ends with written=N skipped=N seconds=S translating=P%: the share of the time spent in
      the model (decoding and writing run alongside it).
  translate --project MULTIDOMAIN_DIR --to NAME -o OUTDIR [--format ...] INPUT...
      Translate images into the named domain of a multi-domain project.
  translate (--project DIR | --model FILE) [--smooth 0..0.95] -o OUT.mp4 INPUT.mp4
      Translate a video (mp4, mov, avi, mkv, webm) frame by frame at its size and frame rate.
      --smooth reduces flicker in still parts of the picture. The sound is carried over
      (copied, or re-encoded where the container needs it), as are rotation and colour levels.
  info (DIR | FILE)
      Print a project's or model file's settings and parameter counts.
  bench --size N --blocks N [--ngf N] [--threads N] [--iterations K] [--device ...]
        [--cycle-weights W1,W2,...] [--lambda-feature X] [--feature-network FILE.pt]
        [--freeze-encoder] [--freeze-blocks N] [--domains N --batch B] [--profile]
        [--precision fp32|bf16] [--no-cudnn-benchmark] [--channels-last]
        [--reference-upsample] [--unfused-adam] [--direct-conv] [--winograd-as-conv]
        [--baseline-vectors] [--separate-padding] [--direct-narrow-conv] [--upsample-as-conv]
        [--trim-memory] [--inplace-norm-activation] [--separate-critic-passes] [--serial-loops]
      Time one training iteration and one translation (median after warm-up), optionally with
      the multi-scale or feature-space cycle loss, with fine-tuning's frozen layers, or of the
      multi-domain (StarGAN) model for N
      domains (an iteration averaged over n_critic steps; defaults --blocks 6 --ngf 64 there too).
      --profile: then the operators that took the most time, in training and in translation
      (multi-domain: of one step).
      --reference-upsample, --unfused-adam, --direct-conv (the residual blocks' 3x3 convolutions
      without Winograd's method, in training and translation), --winograd-as-conv (its 36
      products as 1x1 convolutions instead of plain GEMMs, translation only),
      --baseline-vectors (its transforms in the x86-64 baseline's vectors instead of AVX2 or
      AVX-512), --separate-padding (the blocks' reflection padding as its own pass instead
      of read by Winograd's input transform), --direct-narrow-conv (the generator's last 7x7
      convolution, to three channels, by LibTorch instead of as GEMMs and shifted sums, in
      training and translation), --upsample-as-conv (the generator's two upsampling layers as
      one 2x2 convolution with four phase kernels, seven of its sixteen taps zeros, instead of
      as GEMMs over the nine taps they have), --trim-memory (the heap given back to the system whenever
      512 MiB of it is free, so the next step maps and zeroes it again) and
      --inplace-norm-activation (the activations after instance norms in place while training,
      as the reference does, which costs their backward pass a copy of each) and
      --separate-critic-passes (multi-domain: real and generated images through the
      discriminator in two passes, as the reference does, instead of one batch) and
      --serial-loops (the engine's own loops, such as Winograd's transforms, on one thread
      instead of all, as a build without OpenMP runs them) turn an optimisation off, for an
      A/B comparison.
      On a CUDA GPU: --precision bf16 times mixed precision; --no-cudnn-benchmark turns off
      cuDNN's algorithm search and --channels-last turns on that layout, for comparisons.
  bench-video (--project DIR | --model FILE) --image FILE [--frames N] [--noise SIGMA]
      Translate a still scene with sensor noise as a video, without and with temporal smoothing,
      and print the flicker (mean |frame - previous frame|) and the seconds per frame.

Options:
  --help       Show this help.
  --version    Show the version.

Exit status: 0 everything asked for was done; 1 a runtime error, or some files were not
translated (each listed on stderr); 2 a usage error; 130 stopped by Ctrl-C (SIGINT), SIGTERM or
SIGHUP after saving what there was.
)";

// Every write to a closed pipe raises SIGPIPE again: it only asks to stop, never to quit at once.
void onBrokenPipe(int) { cli::g_interrupted = true; }

void onInterrupt(int)
{
    if (cli::g_interrupted.exchange(true))
        std::_Exit(130); // a second signal quits at once
}

} // namespace

int main(int argc, char **argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        std::cerr << kUsage;
        return 2;
    }
    const std::string command = args.front();
    args.erase(args.begin());
    if (command == "--help" || command == "-h" || command == "help") {
        std::cout << kUsage;
        return 0;
    }
    if (command == "--version") {
        std::cout << "cyclestudio-cli " << CYCLESTUDIO_VERSION << "\n";
        return 0;
    }
    for (const auto &a : args) {
        if (a == "--help" || a == "-h") {
            std::cout << kUsage;
            return 0;
        }
    }
    // A stop ends the run at the next iteration or image, saving what there is. SIGPIPE stays with its handler: the
    // kernel raises it on the thread that wrote to the closed pipe, right after the write, never inside a GEMM.
    app::takeStopSignalsOnTheirOwnThread(onInterrupt);
#ifdef SIGPIPE
    // A closed pipe on stdout or stderr (`train ... | head`) stops the run gracefully too, instead of
    // killing it between checkpoints.
    std::signal(SIGPIPE, onBrokenPipe);
#endif
    using Command = int (*)(const std::vector<std::string> &);
    const std::pair<const char *, Command> commands[] = {
        {"new", cli::runNew},         {"train", cli::runTrain}, {"export-model", cli::runExportModel}, {"translate", cli::runTranslate},
        {"info", cli::runInfo},       {"bench", cli::runBench}, {"bench-video", cli::runBenchVideo}, {"import", cli::runImport},
    };
    try {
        for (const auto &[name, run] : commands)
            if (command == name)
                return run(args);
        throw cli::UsageError("Unknown command \"" + command + "\".");
    } catch (const cli::UsageError &e) {
        std::cerr << "error: " << e.what() << "\nRun cyclestudio-cli --help for usage.\n";
        return 2;
    } catch (const engine::Error &e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    } catch (const std::exception &e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
}
